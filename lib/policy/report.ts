/** The policy lines of the synth summary and of `npm run verify`. */
import type { StackReport, Waiver } from "./evaluate";

export interface PolicyTotals {
  readonly stacks: number;
  readonly evaluated: number;
  readonly violations: number;
  readonly waived: number;
  /** Each waiver that matched, with how many findings it covers. */
  readonly waivers: { waiver: Waiver; covers: number }[];
}

export function policyTotals(reports: readonly StackReport[]): PolicyTotals {
  const byOrigin = new Map<string, { waiver: Waiver; covers: number }>();
  for (const { waiver } of reports.flatMap((r) => r.waived)) {
    const entry = byOrigin.get(waiver.origin) ?? { waiver, covers: 0 };
    entry.covers++;
    byOrigin.set(waiver.origin, entry);
  }
  return {
    stacks: reports.length,
    evaluated: reports.reduce((n, r) => n + r.evaluated, 0),
    violations: reports.reduce((n, r) => n + r.violations.length, 0),
    waived: reports.reduce((n, r) => n + r.waived.length, 0),
    waivers: [...byOrigin.values()].sort((a, b) => a.waiver.origin.localeCompare(b.waiver.origin)),
  };
}

/** `policy: 790 checks evaluated over 16 stacks, 0 violations, 19 findings waived by 4 waivers:` and one line per waiver. */
export function formatPolicySummary(totals: PolicyTotals): string {
  const head = `policy: ${totals.evaluated} checks evaluated over ${totals.stacks} stacks, ${totals.violations} violations, ${totals.waived} findings waived by ${totals.waivers.length} waivers${totals.waivers.length ? ":" : ""}`;
  return [head, ...totals.waivers.map(({ waiver, covers }) => `  ${waiver.check} ${waiver.resource} (${waiver.origin}, ${covers} findings): ${waiver.reason}`)].join("\n");
}
