/**
 * `terraform show -json tfplan | node --require ./scripts/ts-hook.cjs scripts/plan-gate.ts --environment <env> --stack <stack>`
 * (or `--plan <file>` instead of stdin)
 *
 * Run by the deploy workflow between `terraform plan -out=tfplan` and `terraform apply tfplan`,
 * once per stack: exits 1 when the plan replaces or destroys a guarded resource that
 * `policy.approvedReplacements` in config/<env>.yaml does not approve, or moves the control
 * plane by more than one minor version (lib/ci/plan-gate.ts). Prints no attribute value.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { gatePlan, passes, type PlanJson, renderGate } from "../lib/ci/plan-gate";
import { loadEnvironments } from "../lib/config/load";
import { COIN_NAMES } from "../coinstacks/names";

function main(): void {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { environment: { type: "string" }, stack: { type: "string" }, plan: { type: "string" } },
  });
  if (!values.environment || !values.stack) {
    console.error("usage: plan-gate.ts --environment <env> --stack <stack> [--plan plan.json] (default: the JSON plan on stdin)");
    process.exit(2);
  }
  const [env] = loadEnvironments({ coins: COIN_NAMES, only: [values.environment] });
  if (!env) throw new Error(`no environment ${values.environment}`);
  const plan = JSON.parse(readFileSync(values.plan ?? 0, "utf8")) as PlanJson;
  const result = gatePlan(values.stack, plan, env.policy.approvedReplacements);
  for (const line of renderGate(result, `config/${env.name}.yaml`)) console.log(line);
  process.exit(passes(result) ? 0 : 1);
}

if (require.main === module) main();
