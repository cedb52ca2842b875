/**
 * A fake Cosmos SDK node binary (gaiad, thornode...) for the CometBFT init script: `<binary> init`
 * makes the home's config and a placeholder genesis as the real one does (and, for a node restarted
 * with a chain, CometBFT's state database); any other call execs `<binary>-node`, a
 * fake that records its PID, argv, environment and user (./scripts.ts fakeExecutable). Every call's
 * argv is appended to `<binary>.calls` in the sandbox's out directory.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeExecutable, type FakeExecutable, type Sandbox } from "./scripts";
import { TRACE_VARIABLE } from "./tool-trace";

/** The provider testnet's genesis as cosmos/testnets publishes it (provider/provider-genesis.json at 7166ee7f). */
export const PROVIDER_GENESIS = join(__dirname, "..", "fixtures", "cosmos-provider-genesis.json");

export interface FakeCosmosSdkNode {
  /** The wrapper standing for the binary, and the fake it execs for everything but `init`. */
  readonly wrapper: string;
  readonly node: FakeExecutable;
  /** Each call's argv, in order. */
  calls(): string[][];
  /** The environment the node was started with. */
  env(): Record<string, string>;
}

export function fakeCosmosSdkNode(box: Sandbox, binary: string, options: { withChain?: boolean } = {}): FakeCosmosSdkNode {
  const node = fakeExecutable(box, `${binary}-node`);
  const out = join(box.root, "out");
  mkdirSync(out, { recursive: true });
  const wrapper = join(box.binDir, binary);
  const chain = options.withChain ? ' && /bin/mkdir -p "$home/data/state.db"' : "";
  writeFileSync(
    wrapper,
    [
      "#!/bin/sh",
      // It stands for the image's own binary: what it runs is no call of the script's.
      `unset ${TRACE_VARIABLE}`,
      `printf '%s\\n' "$@" -- >>'${join(out, `${binary}.calls`)}'`,
      'home=""; prev=""; for arg in "$@"; do [ "$prev" = --home ] && home="$arg"; prev="$arg"; done',
      'if [ "$1" = init ]; then',
      '  /bin/mkdir -p "$home/config" && printf "moniker = \\"%s\\"\\n" "$2" >"$home/config/config.toml" || exit 1',
      `  echo "{}" >"$home/config/genesis.json"${chain}`,
      "  exit",
      "fi",
      `exec ${binary}-node "$@"`,
      "",
    ].join("\n"),
  );
  chmodSync(wrapper, 0o755);
  return {
    wrapper,
    node,
    calls: () => {
      const file = join(out, `${binary}.calls`);
      if (!existsSync(file)) return [];
      const calls: string[][] = [[]];
      for (const line of readFileSync(file, "utf8").split("\n").slice(0, -1)) {
        if (line === "--") calls.push([]);
        else calls[calls.length - 1]!.push(line);
      }
      return calls.slice(0, -1);
    },
    env: () => Object.fromEntries((node.out("env") ?? "").split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)])),
  };
}
