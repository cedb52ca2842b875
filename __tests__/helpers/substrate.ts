/**
 * A fake substrate node binary for the init.sh tests: `key generate-node-key --file F` writes a
 * key (GENERATED_KEY unless `generates` says otherwise; optionally slowly), `key inspect-node-key --file F` prints a peer ID made from the file's
 * first 4 characters, anything else is the node itself (recorded by fakeExecutable).
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeExecutable, type Sandbox } from "./scripts";
import { TRACE_VARIABLE } from "./tool-trace";

/** The key the fake writes on first start; its peer ID is peerIdOf(GENERATED_KEY). */
export const GENERATED_KEY = "Gkey".repeat(16);

/** The peer ID the fake derives from a key: 12D3KooW, the key's first 4 characters, padded to 52. */
export function peerIdOf(key: string): string {
  return `12D3KooW${key.slice(0, 4)}`.padEnd(52, "x");
}

export function fakeSubstrateNode(box: Sandbox, options: { waitForTerm?: boolean; generateSeconds?: number; generates?: string } = {}) {
  const node = fakeExecutable(box, "fakedot-node", { waitForTerm: options.waitForTerm });
  const wrapper = join(box.binDir, "fakedot");
  writeFileSync(
    wrapper,
    [
      "#!/bin/sh",
      // It stands for the image's own binary: what it runs is no call of the script's.
      `unset ${TRACE_VARIABLE}`,
      'if [ "$1" = key ] && [ "$2" = generate-node-key ] && [ "$3" = --file ]; then',
      `  : >'${join(box.root, "generating")}'`,
      // Detached from the script's output pipes, as the real command has no children.
      `  sleep ${options.generateSeconds ?? 0} </dev/null >/dev/null 2>&1`,
      `  printf '%s' '${options.generates ?? GENERATED_KEY}' >"$4"`,
      `  echo '${peerIdOf(GENERATED_KEY)}' >&2`,
      "  exit 0",
      "fi",
      'if [ "$1" = key ] && [ "$2" = inspect-node-key ] && [ "$3" = --file ]; then',
      '  id="12D3KooW$(head -c 4 "$4")xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
      '  printf "%.52s\\n" "$id"',
      "  exit 0",
      "fi",
      'exec fakedot-node "$@"',
      "",
    ].join("\n"),
  );
  chmodSync(wrapper, 0o755);
  return node;
}
