/**
 * `npm run synth`: synthesizes every environment (or those in
 * COINSTACKS_ENVIRONMENTS) into cdktf.out without AWS credentials or a
 * cluster, then prints one row per stack in deploy order (resources and what
 * it depends on) with the totals, and the policy figures with every waiver in force.
 */
import { isReportedError, synthesize, type SynthResult } from "../lib/app";
import { dependencyOrder, readSynth, resourceCount } from "../lib/ci/synth";
import { formatPolicySummary, policyTotals } from "../lib/policy/report";

/** Rows of the summary table, read back from what was written, in deploy order (every stack after those it depends on). */
export function summarize(outdir: string): { stack: string; resources: number; dependsOn: string[] }[] {
  const { manifest, stacks } = readSynth(outdir);
  return dependencyOrder(manifest).map((stack) => ({ stack, resources: resourceCount(stacks.get(stack)!), dependsOn: [...manifest.stacks[stack]!.dependencies].sort() }));
}

/** The table: a row per stack, then the totals. */
export function formatTable(rows: ReturnType<typeof summarize>): string {
  const header = ["stack", "resources", "depends on"];
  const total = rows.reduce((n, row) => n + row.resources, 0);
  const cells = [...rows.map((r) => [r.stack, String(r.resources), r.dependsOn.join(", ") || "-"]), ["total", String(total), `${rows.length} stacks`]];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((v, i) => (i === 1 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join("  ").trimEnd();
  const rule = line(widths.map((w) => "-".repeat(w)));
  return [line(header), rule, ...cells.slice(0, -1).map(line), rule, line(cells.at(-1)!)].join("\n");
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
