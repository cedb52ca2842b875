/**
 * `npm run synth:diff -- [--base <git-ref>] [--from <dir>] [--to <dir>] [options]`
 *
 * Compares two synths without credentials: per stack, resources added,
 * changed and removed, with every change that would replace or destroy a
 * data-bearing resource flagged (REPLACE!, DESTROY!; CAUTION! for risky
 * in-place changes).
 *
 *   base (before): --from <dir>, or else --base <ref> (default HEAD) synthesized in a temporary git worktree
 *   head (after):  --to <dir>, or else the working tree synthesized into a temporary directory
 *
 * Options:
 *   --format text|markdown|json   what to print (default text)
 *   --json <file>                 also write the JSON report to <file>
 *   --markdown <file>             also write the markdown report to <file>
 *   --color / --no-color          ANSI colors (default: when stdout is a terminal and NO_COLOR is unset)
 *   --fail-on-replace             exit 1 when a data-bearing resource would be replaced or destroyed
 *
 * Exit codes: 0 whatever the diff shows (unless --fail-on-replace), 1 flagged
 * with --fail-on-replace, 2 usage or synthesis errors.
 * COINSTACKS_ENVIRONMENTS limits both synths to some environments.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileAtCommit, repositoryRoot, SynthError, synthesizeRef, synthesizeTree } from "../lib/ci/git-synth";
import { blockingFindings, diffSynths, readSide, type SynthDiffReport } from "../lib/ci/synth-diff";
import { renderMarkdown, renderText } from "../lib/ci/synth-diff-render";

const USAGE = "usage: npm run synth:diff -- [--base <git-ref>] [--from <dir>] [--to <dir>] [--format text|markdown|json] [--json <file>] [--markdown <file>] [--no-color] [--fail-on-replace]";

interface Options {
  base: string;
  from?: string;
  to?: string;
  format: "text" | "markdown" | "json";
  json?: string;
  markdown?: string;
  color: boolean;
  failOnReplace: boolean;
}

function parse(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      base: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      format: { type: "string", default: "text" },
      json: { type: "string" },
      markdown: { type: "string" },
      color: { type: "boolean" },
      "no-color": { type: "boolean" },
      "fail-on-replace": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const format = values.format;
  if (format !== "text" && format !== "markdown" && format !== "json") throw new SynthError(`--format: expected text, markdown or json, got "${format}"`);
  if (values.from && values.base) throw new SynthError("--from and --base both name the base: give one");
  const autoColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const forced = process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0";
  return {
    base: values.base ?? "HEAD",
    from: values.from,
    to: values.to,
    format,
    json: values.json,
    markdown: values.markdown,
    color: values["no-color"] ? false : (values.color ?? (forced || autoColor)),
    failOnReplace: values["fail-on-replace"] ?? false,
  };
}

function lockfileWarning(repo: string, commit: string): string | undefined {
  const before = fileAtCommit(repo, commit, "package-lock.json");
  let now: string | undefined;
  try {
    now = readFileSync(join(repo, "package-lock.json"), "utf8");
  } catch {
    now = undefined;
  }
  if (before === undefined || now === undefined || before === now) return undefined;
  return "package-lock.json differs from the base: the base was synthesized with this tree's node_modules, so changes that come from dependency upgrades (provider bindings, cdktf) are not shown";
}

export function run(argv: string[]): { report: SynthDiffReport; exitCode: number; output: string } {
  const options = parse(argv);
  const temp = mkdtempSync(join(tmpdir(), "synth-diff-out-"));
  try {
    const warnings: string[] = [];
    let baseDir = options.from;
    let baseLabel = options.from ?? "";
    if (!baseDir) {
      const repo = repositoryRoot(process.cwd());
      baseDir = join(temp, "base");
      const { commit, synthesized } = synthesizeRef(repo, options.base, baseDir);
      baseLabel = `${options.base} (${commit.slice(0, 12)})`;
      if (!synthesized) {
        warnings.push(`${options.base} has no cdktf.json: every stack counts as added`);
        baseDir = undefined;
      } else {
        const warning = lockfileWarning(repo, commit);
        if (warning) warnings.push(warning);
      }
    }
    let headDir = options.to;
    const headLabel = options.to ?? "working tree";
    if (!headDir) {
      headDir = join(temp, "head");
      synthesizeTree(repositoryRoot(process.cwd()), headDir);
    }
    const report = diffSynths(readSide(baseLabel, baseDir), readSide(headLabel, headDir), warnings);
    if (options.json) writeFileSync(options.json, JSON.stringify(report, null, 2) + "\n");
    if (options.markdown) writeFileSync(options.markdown, renderMarkdown(report));
    const output =
      options.format === "json" ? JSON.stringify(report, null, 2) + "\n" : options.format === "markdown" ? renderMarkdown(report) : renderText(report, { color: options.color });
    const exitCode = options.failOnReplace && blockingFindings(report).length > 0 ? 1 : 0;
    return { report, exitCode, output };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function main(): void {
  try {
    const { output, exitCode } = run(process.argv.slice(2));
    process.stdout.write(output);
    process.exitCode = exitCode;
  } catch (error) {
    // Exit 1 means "flagged"; every failure to produce a diff is 2.
    const known = error instanceof SynthError || (error instanceof TypeError && "code" in error);
    console.error(known ? (error as Error).message : error);
    if (known) console.error(USAGE);
    process.exitCode = 2;
  }
}

if (require.main === module) main();
