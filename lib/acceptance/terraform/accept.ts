/**
 * Terraform's verdict on synthesized stacks, offline:
 *  - load: `terraform init -backend=false` on the stack as written reads the
 *    whole configuration and stops only where it would download providers;
 *  - templates: `terraform validate` on the provider-free rewrite parses every
 *    string as a template and resolves every reference and expression (every
 *    stack a module of one root, so one process judges them all);
 *  - backend: `terraform init` on the backend block alone configures the
 *    backend (S3 stops at "no credentials", before any network call).
 * Runs in parallel; a verdict is cached by what decides it (binary version,
 * check, exact input), so an unchanged stack is not asked twice.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { StackJson } from "../../ci/synth";
import { type AcceptanceProblem, formatKeyPath, type KeyPath } from "../problem";
import { cachedOutput, limiter } from "../process";
import { type Diagnostic, diagnostics, offlineSandbox, requireTerraform, runTerraform, type Sandbox } from "./cli";
import { locatedJson } from "./located-json";
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

/** One run of Terraform: the files it reads, the commands in order, and how its diagnostics become problems. */
interface CheckInput {
  readonly name: string;
  readonly files: ReadonlyMap<string, string>;
  /** Each runs only when the one before reported no error. */
  readonly commands: readonly string[][];
  readonly judge: (found: Diagnostic[]) => AcceptanceProblem[];
}

/** Provider installation is the one thing that may fail offline, and only with this message. */
function isProviderUnavailable(diagnostic: Diagnostic): boolean {
  return diagnostic.summary === "Failed to query available provider packages" && /was not found in any of the search locations/.test(diagnostic.detail);
}

function located(
  diagnostic: Diagnostic,
  command: string,
  origin: (filename: string, byte: number) => { stack: string; address: string; key: KeyPath },
  fallbackStack: string,
): AcceptanceProblem {
  const message = `${diagnostic.summary}${diagnostic.detail ? `: ${diagnostic.detail.replace(/\s+/g, " ").trim()}` : ""} (${command})`;
  if (diagnostic.range) {
    const where = origin(diagnostic.range.filename, diagnostic.range.start.byte);
    return { stack: where.stack, address: where.address, key: formatKeyPath(where.key) || undefined, message };
  }
  return { stack: fallbackStack, address: diagnostic.snippet?.context ?? "configuration", message };
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

/** The stack as written, as the root module: `init -backend=false` loads it all and stops at provider installation. */
function loadCheck(stack: string, json: StackJson): CheckInput {
  const file = locatedJson(json);
  return {
    name: `${stack}-load`,
    files: new Map([["cdk.tf.json", file.text]]),
    commands: [["init", "-backend=false", "-input=false", "-no-color", "-json"]],
    judge: (found) => {
      const refused = found.filter((d) => d.severity === "error" && !isProviderUnavailable(d));
      // Terraform adds a summary diagnostic ("problems during initialisation") after the real ones.
      const specific = refused.filter((d) => d.range || refused.length === 1);
      return specific.map((d) => located(d, "terraform init -backend=false", (_, byte) => ({ stack, ...addressOf(file.pathAt(byte)) }), stack));
    },
  };
}

/**
 * Every stack's provider-free rewrite as a module of one root: one `validate`
 * judges them all (a Terraform process costs a quarter second of CPU).
 */
function templatesCheck(stacks: ReadonlyMap<string, StackJson>): CheckInput {
  const rewritten = new Map([...stacks].map(([stack, json]) => {
    const config = providerFree(json);
    return [stack, { config, file: locatedJson(config.json) }] as const;
  }));
  const files = new Map([...rewritten].map(([stack, { file }]) => [`${stack}/main.tf.json`, file.text]));
  files.set("main.tf.json", JSON.stringify({ module: Object.fromEntries([...stacks.keys()].map((stack) => [stack, { source: `./${stack}` }])) }));
  const [first] = stacks.keys();
  return {
    name: "templates",
    files,
    commands: [
      ["init", "-backend=false", "-input=false", "-no-color", "-json"],
      ["validate", "-no-color", "-json"],
    ],
    judge: (found) =>
      found
        .filter((d) => d.severity === "error")
        .map((d) =>
          located(
            d,
            "terraform validate, provider-free",
            (filename, byte) => {
              const stack = filename.split("/")[0]!;
              const entry = rewritten.get(stack);
              return entry ? { stack, ...entry.config.origin(entry.file.pathAt(byte)) } : { stack: filename, address: "configuration", key: [] };
            },
            first ?? "",
          ),
        ),
  };
}

/** The backend block alone, configured by `init` (an S3 backend stops at "no credentials", before any network call). */
function backendCheck(stack: string, json: StackJson): CheckInput | undefined {
  const terraform = json.terraform ?? {};
  // Terraform Cloud would be asked over the network for the organization; cdktf writes a local backend when none is set.
  if (terraform.cloud || !terraform.backend) return undefined;
  const [type] = Object.keys(terraform.backend as object);
  const file = locatedJson({ terraform: { backend: terraform.backend } });
  return {
    name: `${stack}-backend`,
    files: new Map([["main.tf.json", file.text]]),
    commands: [["init", "-input=false", "-no-color", "-json"]],
    judge: (found) =>
      found
        .filter((d) => d.severity === "error")
        .filter((d) => !(type === "s3" && d.summary === "No valid credential sources found"))
        .map((d) => located(d, "terraform init, backend only", (_, byte) => ({ stack, address: `terraform.backend.${type}`, key: file.pathAt(byte).slice(3) }), stack)),
  };
}

function inputsFor(stacks: ReadonlyMap<string, StackJson>, checks: readonly TerraformCheck[]): CheckInput[] {
  const inputs: CheckInput[] = [];
  if (checks.includes("templates") && stacks.size > 0) inputs.push(templatesCheck(stacks));
  for (const [stack, json] of stacks) {
    if (checks.includes("load")) inputs.push(loadCheck(stack, json));
    const backend = checks.includes("backend") ? backendCheck(stack, json) : undefined;
    if (backend) inputs.push(backend);
  }
  return inputs;
}

async function run(sandbox: Sandbox, input: CheckInput, workdir: string): Promise<AcceptanceProblem[]> {
  const dir = mkdtempSync(join(workdir, `${input.name}-`));
  for (const [path, text] of input.files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const args of input.commands) {
    const result = await runTerraform(sandbox, args, dir);
    const found = diagnostics(result.stdout);
    const problems = input.judge(found);
    if (problems.length > 0) return problems;
    if (result.status !== 0 && !found.some((d) => d.severity === "error")) {
      return [{ stack: input.name, address: "configuration", message: `terraform ${args[0]} exited ${result.status}: ${result.stderr.trim()}` }];
    }
  }
  return [];
}

/** The verdict on `input`, from the cache when Terraform already judged exactly this (same binary, files and commands). */
async function verdict(sandbox: Sandbox, version: string, input: CheckInput, options: AcceptOptions): Promise<AcceptanceProblem[]> {
  const judge = () => run(sandbox, input, options.workdir);
  if (!options.cacheDir) return judge();
  const cached = await cachedOutput(options.cacheDir, [version, input.commands, [...input.files]], async () => JSON.stringify(await judge()));
  return JSON.parse(cached) as AcceptanceProblem[];
}

/** Every problem Terraform finds in `stacks` (name → JSON). */
export async function acceptStacks(stacks: ReadonlyMap<string, StackJson>, options: AcceptOptions): Promise<AcceptanceProblem[]> {
  const version = requireTerraform();
  mkdirSync(options.workdir, { recursive: true });
  const sandbox = offlineSandbox(mkdtempSync(join(options.workdir, "sandbox-")));
  const limit = limiter(options.concurrency ?? 4);
  const verdicts = await Promise.all(inputsFor(stacks, options.checks ?? TERRAFORM_CHECKS).map((input) => limit(() => verdict(sandbox, version, input, options))));
  const order = [...stacks.keys()];
  return verdicts.flat().sort((a, b) => order.indexOf(a.stack) - order.indexOf(b.stack));
}
