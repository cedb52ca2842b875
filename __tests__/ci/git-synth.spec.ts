/**
 * Synthesizing a git ref through a temporary worktree, on a tiny throwaway
 * repository whose "app" writes a manifest by hand: fast, no network, and the
 * real app's history is left alone. (The real repository's own history was
 * diffed by hand: README, "Synth diff".)
 */
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SynthError, synthesizeRef, synthesizeTree } from "../../lib/ci/git-synth";
import { diffSynthDirs } from "../../lib/ci/synth-diff";
import { tempDir } from "./fixtures";

/** An app that synthesizes one stack whose bucket name comes from bucket.txt, and proves node_modules is reachable. */
const APP = `
const fs = require("fs"), path = require("path");
const out = process.env.CDKTF_OUTDIR;
const bucket = fs.readFileSync("bucket.txt", "utf8").trim();
const marker = fs.readFileSync(path.join("node_modules", "marker.txt"), "utf8").trim();
fs.mkdirSync(path.join(out, "stacks", "dev-state"), { recursive: true });
fs.writeFileSync(path.join(out, "stacks", "dev-state", "cdk.tf.json"), JSON.stringify({
  resource: { aws_s3_bucket: { state: { bucket, tags: { marker } } } },
}));
fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ stacks: { "dev-state": {
  name: "dev-state", dependencies: [], workingDirectory: "stacks/dev-state", synthesizedStackPath: "stacks/dev-state/cdk.tf.json",
} } }));
`;

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

function makeRepo(): string {
  const repo = tempDir("git-synth-repo");
  git(repo, "init", "--quiet", "--initial-branch=main");
  git(repo, "config", "user.email", "test@example.invalid");
  git(repo, "config", "user.name", "test");
  git(repo, "config", "commit.gpgsign", "false");
  writeFileSync(join(repo, "README"), "before the project\n");
  git(repo, "add", "README");
  git(repo, "commit", "--quiet", "-m", "empty");
  writeFileSync(join(repo, ".gitignore"), "node_modules/\n");
  writeFileSync(join(repo, "cdktf.json"), JSON.stringify({ app: "node app.js", context: {} }));
  writeFileSync(join(repo, "app.js"), APP);
  writeFileSync(join(repo, "bucket.txt"), "state-one\n");
  git(repo, "add", ".");
  git(repo, "commit", "--quiet", "-m", "project");
  writeFileSync(join(repo, "bucket.txt"), "state-two\n");
  git(repo, "commit", "--quiet", "-am", "rename the bucket");
  // Untracked, like a real node_modules: the worktree must borrow it.
  mkdirSync(join(repo, "node_modules"));
  writeFileSync(join(repo, "node_modules", "marker.txt"), "borrowed\n");
  return repo;
}

describe("synthesizing a git ref", () => {
  const repo = makeRepo();

  it("synthesizes an older commit in a temporary worktree that borrows node_modules, then removes it", () => {
    const out = join(tempDir("git-synth-out"), "base");
    const { commit, synthesized } = synthesizeRef(repo, "HEAD~1", out);
    expect(synthesized).toBe(true);
    expect(commit).toBe(git(repo, "rev-parse", "HEAD~1"));
    const stack = JSON.parse(readFileSync(join(out, "stacks", "dev-state", "cdk.tf.json"), "utf8"));
    expect(stack.resource.aws_s3_bucket.state).toEqual({ bucket: "state-one", tags: { marker: "borrowed" } });
    expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
    // The borrowed directory is intact.
    expect(lstatSync(join(repo, "node_modules")).isDirectory()).toBe(true);
    expect(existsSync(join(repo, "node_modules", "marker.txt"))).toBe(true);
  });

  it("diffs the ref against the working tree: the bucket rename is a replacement", () => {
    const base = join(tempDir("git-synth-out"), "base");
    const head = join(tempDir("git-synth-out"), "head");
    synthesizeRef(repo, "HEAD~1", base);
    synthesizeTree(repo, head);
    const report = diffSynthDirs(base, head);
    expect(report.stacks[0]!.resources[0]!.findings).toEqual([expect.objectContaining({ severity: "replace", path: "bucket" })]);
  });

  it("treats a commit from before the project as an empty synth", () => {
    const out = join(tempDir("git-synth-out"), "base");
    expect(synthesizeRef(repo, "HEAD~2", out).synthesized).toBe(false);
    expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
  });

  it("fails readably on an unknown ref and on an app that fails, leaving no worktree behind", () => {
    expect(() => synthesizeRef(repo, "no-such-branch", join(tempDir("x"), "o"))).toThrow(SynthError);
    expect(() => synthesizeRef(repo, "no-such-branch", join(tempDir("x"), "o"))).toThrow('unknown git ref "no-such-branch"');
    const broken = tempDir("git-synth-broken");
    writeFileSync(join(broken, "cdktf.json"), JSON.stringify({ app: "node -e \"console.error('config/dev.yaml: bad'); process.exit(1)\"" }));
    expect(() => synthesizeTree(broken, join(broken, "out"))).toThrow(/exit 1[\s\S]*config\/dev\.yaml: bad/);
    expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
  });
});
