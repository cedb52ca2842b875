/**
 * `npm run synth`: synthesizes every environment (or those in
 * COINSTACKS_ENVIRONMENTS) into cdktf.out without AWS credentials or a
 * cluster, then prints one row per stack: resources and what it depends on,
 * and the policy figures with every waiver in force.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isReportedError, synthesize, type SynthResult } from "../lib/app";
import { formatPolicySummary, policyTotals } from "../lib/policy/report";

interface Manifest {
  stacks: Record<string, { synthesizedStackPath: string; dependencies: string[] }>;
}

/** Rows of the summary table, read back from what was written. */
export function summarize(outdir: string): { stack: string; resources: number; dependsOn: string[] }[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as Manifest;
  return Object.entries(manifest.stacks).map(([stack, entry]) => {
    const json = JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8")) as {
      resource?: Record<string, Record<string, unknown>>;
    };
    const resources = Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    return { stack, resources, dependsOn: [...entry.dependencies].sort() };
  });
}

export function formatTable(rows: ReturnType<typeof summarize>): string {
  const header = ["stack", "resources", "depends on"];
  const cells = rows.map((r) => [r.stack, String(r.resources), r.dependsOn.join(", ") || "-"]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((v, i) => (i === 1 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

function main(): void {
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  let result: SynthResult;
  try {
    result = synthesize({ outdir });
  } catch (error) {
    if (isReportedError(error)) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  console.log(`${formatTable(summarize(outdir))}\n\n${formatPolicySummary(policyTotals(result.reports))}`);
}

if (require.main === module) main();
