/**
 * Everything the guardrails check, over every shipped environment, with the
 * figures `npm run verify` prints. `npm test` runs the same functions.
 * Uses kubernetes-models (a devDependency): never imported by the app.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { synthesize } from "../app";
import { readSynth } from "./synth";
import type { EnvironmentConfig } from "../config/schema";
import type { StackJson } from "../policy/check";
import { CHECKS } from "../policy/checks";
import type { StackReport } from "../policy/evaluate";
import { list } from "../policy/json";
import { formatPolicySummary, policyTotals } from "../policy/report";
import { formatReplacementDiff, readReplacementRecord, recordedFields, replacementDiff, replacementRecord } from "../policy/replacement-record";
import { schemaProblems } from "../policy/schemas";
import { formatSecretFinding, scanText, type SecretFinding } from "../policy/secrets";

export const REPO = join(__dirname, "..", "..");

export interface Synthesis {
  readonly outdir: string;
  readonly stacks: Map<string, StackJson>;
  readonly reports: StackReport[];
}

/** Synthesizes the app as `cdktf synth` does (policy checks included) into a fresh temporary directory. */
export function synthesizeAll(environments?: EnvironmentConfig[]): Synthesis {
  const outdir = mkdtempSync(join(tmpdir(), "coinstacks-verify-"));
  const { reports } = synthesize({ outdir, environments });
  return { outdir, stacks: readSynth(outdir).stacks, reports };
}

/** Every Kubernetes custom object the stacks emit: `kubernetes_manifest` bodies and the ClusterIssuers rendered through Helm. */
export function kubernetesObjects(stack: StackJson): { apiVersion: string; kind: string; metadata?: { name?: string } }[] {
  const manifests = Object.values(stack.resource?.kubernetes_manifest ?? {}).map((r: any) => r.manifest);
  const issuers = Object.values(stack.resource?.helm_release ?? {})
    .filter((r: any) => r.name === "cluster-issuers")
    .flatMap((r: any) => list(r.values).flatMap((v) => list(JSON.parse(String(v)).clusterIssuers)))
    .map((issuer: any) => ({ apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: issuer.name }, spec: issuer.spec }));
  return [...manifests, ...issuers];
}

/** Schema problems of every custom object of every stack, prefixed with stack and object. */
export function schemaValidation(stacks: ReadonlyMap<string, StackJson>): { validated: number; problems: string[] } {
  let validated = 0;
  const problems: string[] = [];
  for (const [name, json] of stacks) {
    for (const object of kubernetesObjects(json)) {
      validated++;
      problems.push(...schemaProblems(object).map((p) => `${name}: ${object.kind} ${object.metadata?.name}: ${p}`));
    }
  }
  return { validated, problems };
}

/** Files git tracks in the repository (the working-tree copies). */
export function trackedFiles(root: string = REPO): string[] {
  const result = spawnSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ls-files failed: ${result.stderr}`);
  return result.stdout.split("\0").filter(Boolean);
}

/** Secret scan over every synthesized stack and every tracked text file. */
export function secretScan(outdir: string, root: string = REPO): { files: number; findings: SecretFinding[] } {
  const files: [string, string][] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === "cdk.tf.json") files.push([`cdktf.out/${relative(outdir, path)}`, readFileSync(path, "utf8")]);
    }
  };
  walk(outdir);
  for (const file of trackedFiles(root)) {
    let text: string;
    try {
      text = readFileSync(join(root, file), "utf8");
    } catch {
      continue; // deleted in the working tree
    }
    if (!text.includes("\0")) files.push([file, text]);
  }
  return { files: files.length, findings: files.flatMap(([file, text]) => scanText(file, text)) };
}

/** Paths of every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
}

/** Files that differ between two synth directories (missing on one side counts). */
export function synthDifferences(a: string, b: string): string[] {
  const left = filesUnder(a);
  const right = filesUnder(b);
  const all = [...new Set([...left, ...right])].sort();
  return all.filter((path) => !left.includes(path) || !right.includes(path) || !readFileSync(join(a, path)).equals(readFileSync(join(b, path))));
}

export interface VerifyResult {
  readonly lines: string[];
  readonly problems: string[];
}

/** Runs every guardrail over every shipped environment; `lines` are the figures, `problems` what failed. */
export function verify(): VerifyResult {
  const problems: string[] = [];
  let first: Synthesis | undefined;
  try {
    first = synthesizeAll();
  } catch (error) {
    return { lines: [], problems: [(error as Error).message] };
  }
  const totals = policyTotals(first.reports);
  const schemas = schemaValidation(first.stacks);
  problems.push(...schemas.problems);
  const secrets = secretScan(first.outdir);
  problems.push(...secrets.findings.map(formatSecretFinding));
  const current = replacementRecord(first.stacks);
  const diff = replacementDiff(readReplacementRecord(), current);
  if (diff.length > 0) problems.push(formatReplacementDiff(diff));
  const second = synthesizeAll();
  const differing = synthDifferences(first.outdir, second.outdir);
  problems.push(...differing.map((path) => `cdktf.out/${path}: differs between two synths of the same config`));
  for (const dir of [first.outdir, second.outdir]) rmSync(dir, { recursive: true, force: true });
  const lines = [
    formatPolicySummary(totals),
    `checks: ${CHECKS.length} in the registry`,
    `schemas: ${schemas.validated} Kubernetes custom resources validated against kubernetes-models, ${schemas.problems.length} problems`,
    `secrets: ${secrets.files} files scanned (every cdk.tf.json and git-tracked file), ${secrets.findings.length} findings`,
    `replacement guard: ${recordedFields(current)} fields of ${Object.keys(current).length} data-bearing resources recorded, ${diff.length} differences`,
    `determinism: ${first.stacks.size} stacks synthesized twice, ${differing.length} files differ`,
  ];
  return { lines, problems };
}
