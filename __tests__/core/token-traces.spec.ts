/**
 * cdktf's token creation traces are skipped in the app (a fifth of synth time)
 * unless COINSTACKS_TOKEN_TRACES=1 asks for them.
 */
type Cdktf = typeof import("cdktf");
type TokenTraces = typeof import("../../lib/core/token-traces");

/** A fresh cdktf and token-traces module pair, so one test's patch never leaks into another. */
function freshModules(): { cdktf: Cdktf; traces: TokenTraces } {
  let modules!: { cdktf: Cdktf; traces: TokenTraces };
  jest.isolateModules(() => {
    modules = { cdktf: require("cdktf") as Cdktf, traces: require("../../lib/core/token-traces") as TokenTraces };
  });
  return modules;
}

function creationStackOfNewToken(cdktf: Cdktf): string[] {
  const token = cdktf.Lazy.stringValue({ produce: () => "value" });
  return [...(cdktf.Tokenization.reverseString(token).firstToken?.creationStack ?? [])];
}

describe("token creation traces", () => {
  it("are recorded by cdktf when nothing turns them off", () => {
    expect(creationStackOfNewToken(freshModules().cdktf).length).toBeGreaterThan(0);
  });
  it("are skipped for every token cdktf creates once the app turns them off", () => {
    const { cdktf, traces } = freshModules();
    traces.skipTokenCreationTraces({});
    expect(creationStackOfNewToken(cdktf)).toEqual([]);
  });
  it("are kept when COINSTACKS_TOKEN_TRACES=1", () => {
    const { cdktf, traces } = freshModules();
    traces.skipTokenCreationTraces({ [traces.TOKEN_TRACES_VARIABLE]: "1" });
    expect(creationStackOfNewToken(cdktf).length).toBeGreaterThan(0);
  });
});
