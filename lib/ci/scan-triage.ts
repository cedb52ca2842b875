/**
 * Checkov's findings on the synthesized stacks, triaged before they reach code scanning: each
 * finding is located in its stack (the resource address the project's own checks and waivers use),
 * tied to the project's checks that cover the same rule (each check lists its upstream ids), and
 * suppressed, with the reason, when config waives that check for that resource or
 * config/scanner/suppressions.yaml accepts that rule there. What is left is open.
 *
 * Checkov's SARIF (checkov/common/output/sarif.py, 3.3.x): `ruleId`, and one location whose
 * artifact is the scanned file and whose region spans the resource's block.
 */
import type { CheckId } from "../config/check-ids";
import { waiverPattern } from "../policy/evaluate";

export interface ScanSuppression {
  /** The scanner's rule id (CKV_K8S_43). */
  readonly rule: string;
  /** `<stack>/<type>.<name>`, `*` matching any characters. */
  readonly resource: string;
  readonly reason: string;
}

export interface ScanContext {
  /** The text of each scanned stack's cdk.tf.json, by stack name. */
  readonly stacks: ReadonlyMap<string, string>;
  /** Upstream ids of each project check. */
  readonly checks: readonly { readonly id: string; readonly upstream: readonly string[] }[];
  /** Config waivers of every environment (check, resource pattern, reason). */
  readonly waivers: readonly { readonly check: CheckId | string; readonly resource: string; readonly reason: string }[];
  readonly suppressions: readonly ScanSuppression[];
}

export interface TriagedFinding {
  readonly rule: string;
  /** `<stack>/<type>.<name>`, or the file and line when no resource spans it. */
  readonly resource: string;
  readonly projectChecks: string[];
  readonly suppressedBecause?: string;
}

type SarifResult = { ruleId?: string; locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[]; suppressions?: unknown[]; properties?: Record<string, unknown> };
type Sarif = { runs?: { results?: SarifResult[] }[] };

/** Each resource's first and last line in a cdk.tf.json as cdktf writes it (two spaces per level). */
export function resourceLines(text: string): { address: string; start: number; end: number }[] {
  const found: { address: string; start: number; end: number }[] = [];
  let section = "";
  let type = "";
  let open: { address: string; start: number } | undefined;
  text.split("\n").forEach((line, index) => {
    const key = /^( *)"([^"]+)": \{$/.exec(line);
    if (key && key[1]!.length === 2) section = key[2]!;
    else if (key && key[1]!.length === 4) type = key[2]!;
    else if (key && key[1]!.length === 6 && section === "resource") open = { address: `${type}.${key[2]}`, start: index + 1 };
    else if (open && /^ {6}\},?$/.test(line)) {
      found.push({ ...open, end: index + 1 });
      open = undefined;
    }
  });
  return found;
}

/**
 * The stack of a scanned file: the folder that holds its cdk.tf.json (checkov names files relative to
 * the directory it scans: `dev-bitcoin/cdk.tf.json` under cdktf.out/stacks).
 */
const stackOf = (uri: string): string | undefined => /(?:^|\/)([^/]+)\/[^/]+\.tf\.json$/.exec(decodeURIComponent(uri))?.[1];

export function triageFinding(result: SarifResult, context: ScanContext): TriagedFinding {
  const rule = result.ruleId ?? "";
  const location = result.locations?.[0]?.physicalLocation;
  const uri = location?.artifactLocation?.uri ?? "";
  const line = location?.region?.startLine ?? 0;
  const stack = stackOf(uri);
  const text = stack === undefined ? undefined : context.stacks.get(stack);
  const spanning = text === undefined ? undefined : resourceLines(text).find((r) => r.start <= line && line <= r.end);
  const resource = stack && spanning ? `${stack}/${spanning.address}` : `${uri}:${line}`;
  const projectChecks = context.checks.filter((check) => check.upstream.includes(rule)).map((check) => check.id);
  const suppression = context.suppressions.find((s) => s.rule === rule && waiverPattern(s.resource).test(resource));
  const waiver = context.waivers.find((w) => projectChecks.includes(w.check) && waiverPattern(w.resource).test(resource));
  const suppressedBecause = suppression?.reason ?? (waiver ? `waived as project check ${waiver.check}: ${waiver.reason}` : undefined);
  return { rule, resource, projectChecks, ...(suppressedBecause ? { suppressedBecause } : {}) };
}

/** The SARIF with each result located, tied to the project's checks and, where accepted, suppressed; and the findings. */
export function triageSarif(sarif: Sarif, context: ScanContext): { sarif: Sarif; findings: TriagedFinding[] } {
  const findings: TriagedFinding[] = [];
  const runs = (sarif.runs ?? []).map((run) => ({
    ...run,
    results: (run.results ?? []).map((result) => {
      const finding = triageFinding(result, context);
      findings.push(finding);
      const suppressions = finding.suppressedBecause ? [{ kind: "external", justification: finding.suppressedBecause }] : result.suppressions;
      return { ...result, ...(suppressions ? { suppressions } : {}), properties: { ...result.properties, resource: finding.resource, projectChecks: finding.projectChecks } };
    }),
  }));
  return { sarif: { ...sarif, runs }, findings };
}
