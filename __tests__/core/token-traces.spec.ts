/**
 * cdktf's token creation traces are skipped in the app (a fifth of synth time)
 * unless COINSTACKS_TOKEN_TRACES=1 asks for them; errors keep their stacks.
 */
import { Lazy, Tokenization } from "cdktf";
import { skipTokenCreationTraces, TOKEN_TRACES_VARIABLE } from "../../lib/core/token-traces";

/** Runs `work` with no stack formatter installed (as a fresh process has), restoring this file's after. */
function inFreshProcessState<T>(work: () => T): T {
  const formatter = Error as { prepareStackTrace?: unknown };
  const saved = formatter.prepareStackTrace;
  formatter.prepareStackTrace = undefined;
  try {
    return work();
  } finally {
    formatter.prepareStackTrace = saved;
  }
}

function creationStackOfNewToken(): readonly string[] {
  const token = Lazy.stringValue({ produce: () => "value" });
  return Tokenization.reverseString(token).firstToken?.creationStack ?? [];
}

describe("token creation traces", () => {
  it("are recorded by cdktf when nothing turns them off", () => {
    expect(inFreshProcessState(creationStackOfNewToken).length).toBeGreaterThan(0);
  });
  it("are empty for every token cdktf creates once the app skips them", () => {
    expect(
      inFreshProcessState(() => {
        skipTokenCreationTraces({});
        return creationStackOfNewToken();
      }),
    ).toEqual([]);
  });
  it("are kept when COINSTACKS_TOKEN_TRACES=1", () => {
    expect(
      inFreshProcessState(() => {
        skipTokenCreationTraces({ [TOKEN_TRACES_VARIABLE]: "1" });
        return creationStackOfNewToken();
      }).length,
    ).toBeGreaterThan(0);
  });
});

describe("an error's stack, once token traces are skipped", () => {
  function stackOfErrorThrownHere(): string | undefined {
    return inFreshProcessState(() => {
      skipTokenCreationTraces({});
      return new RangeError("out of range").stack;
    });
  }
  it("keeps Node's heading and one line per frame", () => {
    expect(stackOfErrorThrownHere()).toMatch(/^RangeError: out of range\n {4}at .*token-traces\.spec\.ts:\d+:\d+\)?\n {4}at inFreshProcessState /);
  });
});
