/**
 * Synthesizes a project tree, or a git ref of it, into a directory of one's
 * choosing, running the app command from that tree's own `cdktf.json` the way
 * `cdktf synth` does (CDKTF_OUTDIR, CDKTF_CONTEXT_JSON), without the cdktf CLI.
 *
 * A ref is checked out with `git worktree add` into a temporary directory that
 * borrows this tree's `node_modules` (and `.gen`) through symlinks: no
 * `npm ci` per run. The price: the ref is synthesized with today's
 * dependencies, so a dependency upgrade made between the ref and the tree is
 * not part of the diff (the caller warns when package-lock.json differs).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Directories a synth needs that git does not track. */
const BORROWED = ["node_modules", ".gen"];

export class SynthError extends Error {}

function git(cwd: string, args: string[]): string {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (result.error) throw new SynthError(`git ${args.join(" ")}: ${result.error.message}`);
  if (result.status !== 0) throw new SynthError(`git ${args.join(" ")} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** The repository root containing `dir`. */
export function repositoryRoot(dir: string): string {
  return git(dir, ["rev-parse", "--show-toplevel"]);
}

/** The full commit id `ref` names; throws a readable error for unknown refs. */
export function resolveCommit(repo: string, ref: string): string {
  if (ref.startsWith("-")) throw new SynthError(`not a git ref: ${ref}`);
  try {
    return git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new SynthError(`unknown git ref "${ref}" (in a shallow clone, fetch it first: git fetch --depth=1 origin ${ref})`);
  }
}

/** The content of `path` at `commit`, or undefined when it does not exist there. */
export function fileAtCommit(repo: string, commit: string, path: string): string | undefined {
  const result = spawnSync("git", ["show", `${commit}:${path}`], { cwd: repo, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return result.status === 0 ? result.stdout : undefined;
}

export interface SynthOptions {
  /** Extra environment for the app (COINSTACKS_ENVIRONMENTS passes through from process.env anyway). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs the tree's app command with its output in `outdir`. */
export function synthesizeTree(tree: string, outdir: string, options: SynthOptions = {}): void {
  const configPath = join(tree, "cdktf.json");
  if (!existsSync(configPath)) throw new SynthError(`${configPath} not found`);
  const config = JSON.parse(readFileSync(configPath, "utf8")) as { app?: string; context?: Record<string, unknown> };
  if (!config.app) throw new SynthError(`${configPath}: no "app" command`);
  mkdirSync(outdir, { recursive: true });
  const result = spawnSync(config.app, {
    cwd: tree,
    shell: true,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      ...options.env,
      CDKTF_OUTDIR: resolve(outdir),
      CDKTF_CONTEXT_JSON: JSON.stringify(config.context ?? {}),
      CHECKPOINT_DISABLE: "1",
    },
  });
  if (result.error) throw new SynthError(`${config.app}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-30).join("\n");
    throw new SynthError(`synthesizing ${tree} failed (${config.app}, exit ${result.status}):\n${output}`);
  }
  if (!existsSync(join(outdir, "manifest.json"))) throw new SynthError(`${config.app} wrote no manifest.json into ${outdir}`);
}

export interface RefSynth {
  readonly commit: string;
  /** False when the ref has no cdktf.json (the project did not exist yet): nothing was synthesized. */
  readonly synthesized: boolean;
}

/**
 * Synthesizes `ref` of the repository at `repo` into `outdir` through a
 * temporary worktree, removed afterwards whatever happens.
 */
export function synthesizeRef(repo: string, ref: string, outdir: string, options: SynthOptions = {}): RefSynth {
  const commit = resolveCommit(repo, ref);
  const root = repositoryRoot(repo);
  const temp = mkdtempSync(join(tmpdir(), "synth-diff-"));
  const tree = join(temp, "tree");
  git(root, ["worktree", "add", "--detach", "--quiet", tree, commit]);
  const links: string[] = [];
  try {
    if (!existsSync(join(tree, "cdktf.json"))) return { commit, synthesized: false };
    for (const name of BORROWED) {
      const source = join(root, name);
      const target = join(tree, name);
      if (existsSync(source) && !existsSync(target)) {
        symlinkSync(source, target, "dir");
        links.push(target);
      }
    }
    synthesizeTree(tree, outdir, options);
    return { commit, synthesized: true };
  } finally {
    // Unlink the borrowed directories first so nothing below can ever reach into the real ones.
    for (const link of links) unlinkSync(link);
    let removed = true;
    try {
      git(root, ["worktree", "remove", "--force", tree]);
    } catch {
      removed = false;
    }
    rmSync(temp, { recursive: true, force: true });
    if (!removed) git(root, ["worktree", "prune"]);
  }
}
