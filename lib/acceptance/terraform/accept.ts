/**
 * Terraform's verdict on synthesized stacks, offline:
 *  - load: `terraform init -backend=false` on the stack as written reads the
 *    whole configuration and stops only where it would download providers;
 *  - templates: `terraform validate` on the provider-free rewrite parses every
 *    string as a template and resolves every reference and expression;
 *  - backend: `terraform init` on the backend block alone configures the
 *    backend (S3 stops at "no credentials", before any network call).
 * Runs in parallel; a verdict is cached by what decides it (binary version,
 * check, exact input), so an unchanged stack is not asked twice.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StackJson } from "../../ci/synth";
import type { AcceptanceProblem } from "../problem";
import { type Diagnostic, diagnostics, offlineSandbox, requireTerraform, runTerraform, type Sandbox } from "./cli";
import { formatKeyPath, type KeyPath, locatedJson } from "./located-json";
import { providerFree } from "./provider-free";

export type TerraformCheck = "load" | "templates" | "backend";
export const TERRAFORM_CHECKS: readonly TerraformCheck[] = ["load", "templates", "backend"];

export interface AcceptOptions {
  /** Where sandboxes and per-check directories go. */
  readonly workdir: string;
  /** Verdicts are kept here; none when undefined. */
  readonly cacheDir?: string;
  /** Terraform processes at once. @default 4 (they mostly wait on disk) */
  readonly concurrency?: number;
  /** @default all of TERRAFORM_CHECKS */
  readonly checks?: readonly TerraformCheck[];
}

interface CheckInput {
  readonly file: string;
  readonly text: string;
  readonly args: string[];
  /** Turns Terraform's diagnostics into problems of this stack. */
  readonly judge: (found: Diagnostic[], code: number) => Omit<AcceptanceProblem, "stack">[];
}

/** Provider installation is the one thing that may fail offline, and only with this message. */
function isProviderUnavailable(diagnostic: Diagnostic): boolean {
  return diagnostic.summary === "Failed to query available provider packages" && /was not found in any of the search locations/.test(diagnostic.detail);
}

function located(
  diagnostic: Diagnostic,
  command: string,
  origin: (byte: number) => { address: string; key: KeyPath } | undefined,
): Omit<AcceptanceProblem, "stack"> {
  const message = `${diagnostic.summary}${diagnostic.detail ? `: ${diagnostic.detail.replace(/\s+/g, " ").trim()}` : ""} (${command})`;
  const where = diagnostic.range ? origin(diagnostic.range.start.byte) : undefined;
  if (where) return { address: where.address, key: formatKeyPath(where.key) || undefined, message };
  return { address: diagnostic.snippet?.context ?? "configuration", message };
}

function loadCheck(stack: StackJson): CheckInput {
  const file = locatedJson(stack);
  return {
    file: "cdk.tf.json",
    text: file.text,
    args: ["init", "-backend=false", "-input=false", "-no-color", "-json"],
    judge: (found) => {
      const refused = found.filter((d) => d.severity === "error" && !isProviderUnavailable(d));
      // Terraform adds a summary diagnostic ("problems during initialisation") after the real ones.
      const specific = refused.filter((d) => d.range || refused.length === 1);
      return specific.map((d) =>
        located(d, "terraform init -backend=false", (byte) => addressOf(file.pathAt(byte))),
      );
    },
  };
}

/** `resource.T.N.rest` → T.N and rest, as the stack JSON is laid out. */
function addressOf(path: KeyPath): { address: string; key: KeyPath } {
  const parts = path.map(String);
  if (parts[0] === "resource" && parts.length >= 3) return { address: `${parts[1]}.${parts[2]}`, key: path.slice(3) };
  if (parts[0] === "data" && parts.length >= 3) return { address: `data.${parts[1]}.${parts[2]}`, key: path.slice(3) };
  if (parts[0] === "provider" && parts.length >= 2) return { address: `provider.${parts[1]}`, key: path.slice(2) };
  if (parts[0] === "output" && parts.length >= 2) return { address: `output.${parts[1]}`, key: path.slice(2) };
  if (parts[0] === "terraform") return { address: ["terraform", ...parts.slice(1, 3)].join("."), key: path.slice(3) };
  return { address: parts.slice(0, 2).join(".") || "configuration", key: path.slice(2) };
}

function templatesCheck(stack: StackJson): CheckInput {
  const config = providerFree(stack);
  const file = locatedJson(config.json);
  return {
    file: "main.tf.json",
    text: file.text,
    args: ["validate", "-no-color", "-json"],
    judge: (found) => found.filter((d) => d.severity === "error").map((d) => located(d, "terraform validate, provider-free", (byte) => config.origin(file.pathAt(byte)))),
  };
}

function backendCheck(stack: StackJson): CheckInput | undefined {
  const terraform = stack.terraform ?? {};
  // Terraform Cloud would be asked over the network for the organization; cdktf writes a local backend when none is set.
  if (terraform.cloud || !terraform.backend) return undefined;
  const [type] = Object.keys(terraform.backend as object);
  const file = locatedJson({ terraform: { backend: terraform.backend } });
  return {
    file: "main.tf.json",
    text: file.text,
    args: ["init", "-input=false", "-no-color", "-json"],
    judge: (found) =>
      found
        .filter((d) => d.severity === "error")
        // Configured, then stopped looking for credentials: what an S3 backend does offline with none.
        .filter((d) => !(type === "s3" && d.summary === "No valid credential sources found"))
        .map((d) => located(d, "terraform init, backend only", (byte) => ({ address: `terraform.backend.${type}`, key: file.pathAt(byte).slice(3) }))),
  };
}

function inputsFor(stack: StackJson, checks: readonly TerraformCheck[]): Map<TerraformCheck, CheckInput> {
  const inputs = new Map<TerraformCheck, CheckInput>();
  if (checks.includes("load")) inputs.set("load", loadCheck(stack));
  if (checks.includes("templates")) inputs.set("templates", templatesCheck(stack));
  const backend = checks.includes("backend") ? backendCheck(stack) : undefined;
  if (backend) inputs.set("backend", backend);
  return inputs;
}

async function verdict(
  sandbox: Sandbox,
  version: string,
  stack: string,
  check: TerraformCheck,
  input: CheckInput,
  options: AcceptOptions,
): Promise<AcceptanceProblem[]> {
  const key = createHash("sha256").update(JSON.stringify([version, check, input.args, input.text])).digest("hex");
  const cached = options.cacheDir ? join(options.cacheDir, `${key}.json`) : undefined;
  if (cached && existsSync(cached)) return (JSON.parse(readFileSync(cached, "utf8")) as Omit<AcceptanceProblem, "stack">[]).map((p) => ({ stack, ...p }));
  const dir = mkdtempSync(join(options.workdir, `${stack}-${check}-`));
  writeFileSync(join(dir, input.file), input.text);
  const run = await runTerraform(sandbox, input.args, dir);
  const found = diagnostics(run.stdout);
  let problems = input.judge(found, run.code);
  if (problems.length === 0 && run.code !== 0 && found.length === 0) problems = [{ address: "configuration", message: `terraform ${input.args[0]} exited ${run.code}: ${run.stderr.trim()}` }];
  if (cached) {
    mkdirSync(options.cacheDir!, { recursive: true });
    writeFileSync(`${cached}.${process.pid}`, JSON.stringify(problems));
    // Rename is atomic: a parallel run never reads half a verdict.
    renameSync(`${cached}.${process.pid}`, cached);
  }
  return problems.map((p) => ({ stack, ...p }));
}

/** Runs `tasks` with at most `limit` in flight. */
async function pooled<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Every problem Terraform finds in `stacks` (name → JSON), in stack order. */
export async function acceptStacks(stacks: ReadonlyMap<string, StackJson>, options: AcceptOptions): Promise<AcceptanceProblem[]> {
  const version = requireTerraform();
  mkdirSync(options.workdir, { recursive: true });
  const sandbox = offlineSandbox(mkdtempSync(join(options.workdir, "sandbox-")));
  const tasks = [...stacks].flatMap(([name, json]) =>
    [...inputsFor(json, options.checks ?? TERRAFORM_CHECKS)].map(([check, input]) => () => verdict(sandbox, version, name, check, input, options)),
  );
  return (await pooled(tasks, options.concurrency ?? 4)).flat();
}
