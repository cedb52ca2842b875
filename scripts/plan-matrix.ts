/**
 * `node --require ./scripts/ts-hook.cjs scripts/plan-matrix.ts --outdir cdktf.out [--diff synth-diff.json] [--only dev,prod]`
 *
 * Prints the plan workflow's outputs as `key=value` lines for $GITHUB_OUTPUT:
 *   matrix     JSON list of stacks to plan (lib/ci/plan-matrix.ts PlanTarget), dependency order
 *   any        true when there is at least one
 *   skipped    JSON list of {stack, reason} that changed but cannot be planned in CI
 *   unchanged  JSON list of stacks the synth diff shows unchanged
 * and a readable table on stderr. Without a usable --diff every stack is planned.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { planMatrix } from "../lib/ci/plan-matrix";
import { changedStacks, type SynthDiffReport } from "../lib/ci/synth-diff";
import { listEnvironments } from "../lib/config/load";

function changedFrom(path: string | undefined): string[] | undefined {
  if (!path) return undefined;
  if (!existsSync(path)) {
    console.error(`plan-matrix: ${path} not found (the synth diff failed?): planning every stack`);
    return undefined;
  }
  try {
    return changedStacks(JSON.parse(readFileSync(path, "utf8")) as SynthDiffReport);
  } catch (error) {
    console.error(`plan-matrix: cannot read ${path} (${(error as Error).message}): planning every stack`);
    return undefined;
  }
}

function main(): void {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { outdir: { type: "string", default: "cdktf.out" }, diff: { type: "string" }, only: { type: "string" } },
  });
  const only = values.only?.split(/[\s,]+/).filter(Boolean);
  const matrix = planMatrix(values.outdir!, {
    changed: changedFrom(values.diff),
    environments: listEnvironments(),
    only: only && only.length > 0 ? only : undefined,
  });
  for (const target of matrix.include) console.error(`plan  ${target.stack}  (${target.backend}, ${target.region}, ${target.backend === "s3" ? target.roleVariable : target.tokenVariable})`);
  for (const skip of matrix.skipped) console.error(`skip  ${skip.stack}  ${skip.reason}`);
  if (matrix.unchanged.length > 0) console.error(`unchanged: ${matrix.unchanged.join(", ")}`);
  console.log(`matrix=${JSON.stringify(matrix.include)}`);
  console.log(`any=${matrix.include.length > 0}`);
  console.log(`skipped=${JSON.stringify(matrix.skipped)}`);
  console.log(`unchanged=${JSON.stringify(matrix.unchanged)}`);
}

if (require.main === module) main();
