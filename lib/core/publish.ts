/**
 * Output that appears whole or not at all: synth writes into a sibling of the
 * output directory and only a complete, checked result replaces it.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** Stack directories inside cdktf's output (`cdktf.out/stacks/<stack>`). */
const STACKS = "stacks";

/**
 * Runs `write` on a fresh directory next to `target` (same file system, so a rename moves it) and,
 * when it returns, puts that directory in place of `target`; when it throws, `target` is left as it
 * was and the staging directory is removed.
 *
 * The swap is two renames (the old directory aside, the new one in): between them `target` is
 * briefly absent, never half-written. Files Terraform keeps next to a stack's JSON
 * (`.terraform/`, `.terraform.lock.hcl`, plans) are carried over for every stack that still
 * exists, as cdktf's own synth leaves them in place.
 */
export function writeAtomically<T>(target: string, write: (staging: string) => T): T {
  const destination = resolve(target);
  mkdirSync(dirname(destination), { recursive: true });
  const staging = mkdtempSync(join(dirname(destination), `.${basename(destination)}-staging-`));
  // mkdtemp makes it private (0700); the published directory gets a directory's usual mode.
  chmodSync(staging, 0o755);
  try {
    const result = write(staging);
    publish(staging, destination);
    return result;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function publish(staging: string, destination: string): void {
  if (!existsSync(destination)) {
    renameSync(staging, destination);
    return;
  }
  const previous = `${staging}-previous`;
  renameSync(destination, previous);
  try {
    renameSync(staging, destination);
  } catch (error) {
    renameSync(previous, destination);
    throw error;
  }
  carryOverWorkingFiles(previous, destination);
  rmSync(previous, { recursive: true, force: true });
}

/** Moves what Terraform left in each stack directory of `from` into the same stack's directory in `to`, unless `to` has it. */
function carryOverWorkingFiles(from: string, to: string): void {
  const stacks = join(to, STACKS);
  if (!existsSync(stacks)) return;
  for (const stack of readdirSync(stacks)) {
    const old = join(from, STACKS, stack);
    if (!existsSync(old)) continue;
    const fresh = new Set(readdirSync(join(stacks, stack)));
    for (const entry of readdirSync(old)) if (!fresh.has(entry)) renameSync(join(old, entry), join(stacks, stack, entry));
  }
}
