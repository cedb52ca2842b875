/**
 * `node --require ./scripts/ts-hook.cjs scripts/deploy-preflight.ts <env> [--outdir cdktf.out]`
 *
 * Run by the deploy workflow after synth, before credentials: fails with every
 * reason the environment cannot be deployed from CI (lib/ci/deploy-preflight.ts),
 * else prints `region=`, `stacks=` and `plan_role_variable=` lines for $GITHUB_OUTPUT.
 */
import { parseArgs } from "node:util";
import { deployPreflight } from "../lib/ci/deploy-preflight";
import { roleVariable } from "../lib/ci/plan-matrix";
import { listEnvironments } from "../lib/config/load";

function main(): void {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { outdir: { type: "string", default: "cdktf.out" } },
    allowPositionals: true,
  });
  const environment = positionals[0];
  if (!environment) {
    console.error("usage: deploy-preflight.ts <environment> [--outdir cdktf.out]");
    process.exit(2);
  }
  const result = deployPreflight(values.outdir!, environment, listEnvironments());
  if (result.problems.length > 0) {
    for (const problem of result.problems) console.error(`::error title=cannot deploy ${environment} from CI::${problem}`);
    process.exit(1);
  }
  console.error(`deploying ${environment}: ${result.stacks.join(" -> ")}`);
  console.log(`region=${result.region ?? ""}`);
  console.log(`stacks=${result.stacks.join(" ")}`);
  console.log(`plan_role_variable=${roleVariable(environment)}`);
}

if (require.main === module) main();
