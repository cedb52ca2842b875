/**
 * `node --require ./scripts/ts-hook.cjs scripts/plan-comment.ts --marker '<!-- … -->' --plans <dir>
 *    --matrix '<json>' [--skipped '<json>'] [--unchanged '<json>'] [--synth-diff <file.md>]
 *    [--commit <sha>] [--run-url <url>]`
 *
 * Prints the plan workflow's pull-request comment (lib/ci/plan-comment.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readStackPlans, renderPlanComment } from "../lib/ci/plan-comment";
import type { PlanTarget, SkippedStack } from "../lib/ci/plan-matrix";

function json<T>(text: string | undefined, fallback: T): T {
  if (!text || text.trim() === "") return fallback;
  return JSON.parse(text) as T;
}

function main(): void {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      marker: { type: "string" },
      plans: { type: "string", default: "plans" },
      matrix: { type: "string" },
      skipped: { type: "string" },
      unchanged: { type: "string" },
      "synth-diff": { type: "string" },
      commit: { type: "string" },
      "run-url": { type: "string" },
    },
  });
  if (!values.marker) throw new Error("--marker is required");
  const targets = json<PlanTarget[]>(values.matrix, []);
  const diffPath = values["synth-diff"];
  const synthDiff = diffPath && existsSync(diffPath) ? readFileSync(diffPath, "utf8") : "_The synth diff did not run or failed; see the workflow log._\n";
  process.stdout.write(
    renderPlanComment({
      marker: values.marker,
      targets,
      plans: readStackPlans(values.plans!, targets),
      skipped: json<SkippedStack[]>(values.skipped, []),
      unchanged: json<string[]>(values.unchanged, []),
      synthDiff,
      commit: values.commit,
      runUrl: values["run-url"],
    }),
  );
}

if (require.main === module) main();
