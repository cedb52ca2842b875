/**
 * The real `terraform` binary, run so that it can never reach the network:
 * a CLI configuration of our own whose only provider source is an empty
 * directory, no checkpoint calls, no AWS credentials and no instance metadata.
 * What it accepts or refuses offline is then Terraform's own judgement.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MINIMUM_TERRAFORM } from "../../core/terraform-version";
import { type ProcessResult, runProcess } from "../process";


/** The binary: `TERRAFORM_BINARY_NAME` (as cdktf's Testing matchers read it) or `terraform` on PATH. */
export function terraformBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.TERRAFORM_BINARY_NAME || "terraform";
}

function newerOrEqual(version: string, minimum: string): boolean {
  const parts = (v: string) => v.split(/[.-]/).slice(0, 3).map((n) => Number.parseInt(n, 10) || 0);
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return true;
}

const versions = new Map<string, string>();

/** The binary's version; throws with what to install when it is missing or older than MINIMUM_TERRAFORM. */
export function requireTerraform(binary = terraformBinary()): string {
  // Asked once per binary and process: every acceptance run asks, and each start of Terraform costs 0.1 s.
  const known = versions.get(binary);
  if (known) return known;
  const result = spawnSync(binary, ["version", "-json"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", CHECKPOINT_DISABLE: "1" } });
  const install = `Terraform >= ${MINIMUM_TERRAFORM} must be on PATH (or named by TERRAFORM_BINARY_NAME) to run the acceptance tests`;
  if (result.error || result.status !== 0) throw new Error(`${install}: "${binary}" could not be run (${result.error?.message ?? result.stderr.trim()})`);
  const version = (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  if (!newerOrEqual(version, MINIMUM_TERRAFORM)) throw new Error(`${install}: found ${version}`);
  versions.set(binary, version);
  return version;
}

export interface Sandbox {
  /** Directory holding the CLI configuration, the empty provider mirror and HOME. */
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A CLI configuration and environment under `root` that keep Terraform offline. */
export function offlineSandbox(root: string): Sandbox {
  const mirror = join(root, "empty-provider-mirror");
  mkdirSync(mirror, { recursive: true });
  const config = join(root, "terraform.rc");
  writeFileSync(
    config,
    [`disable_checkpoint = true`, `provider_installation {`, `  filesystem_mirror {`, `    path    = ${JSON.stringify(mirror)}`, `    include = ["*/*/*"]`, `  }`, `}`, ""].join("\n"),
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "",
    HOME: root,
    TF_CLI_CONFIG_FILE: config,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    // The S3 backend looks for credentials; none may exist, and the instance metadata address must never be asked.
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(root, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(root, "no-aws-credentials"),
  };
  return { root, env };
}

export function runTerraform(sandbox: Sandbox, args: string[], cwd: string, stdin = "", binary = terraformBinary()): Promise<ProcessResult> {
  return runProcess(binary, args, { cwd, env: sandbox.env, stdin });
}

/** One diagnostic of Terraform's machine-readable output (`-json`). */
export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number; readonly byte: number } };
  readonly snippet?: { readonly context?: string };
}

/** Diagnostics from `init -json` (one JSON message per line) or `validate -json` (one document). */
export function diagnostics(stdout: string): Diagnostic[] {
  const text = stdout.trim();
  if (text.startsWith("{") && text.includes('"format_version"')) return (JSON.parse(text) as { diagnostics: Diagnostic[] }).diagnostics;
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { diagnostic?: Diagnostic })
    .flatMap((message) => (message.diagnostic ? [message.diagnostic] : []));
}
