/**
 * Issue 13, item 4: the deploy applies exactly the plan the gate checked, per
 * stack in dependency order, instead of `cdktf deploy --auto-approve`
 * planning again behind the check.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const deploy = parse(readFileSync(join(__dirname, "..", "..", ".github", "workflows", "deploy.yml"), "utf8")).jobs.deploy;
const script: string = deploy.steps.map((s: { run?: string }) => s.run ?? "").join("\n");

describe("deploy.yml", () => {
  it("never applies without a saved plan (no auto-approve, no cdktf deploy)", () => {
    expect(script).not.toContain("--auto-approve");
    expect(script).not.toContain("cdktf deploy");
  });

  it("plans to a file, gates the plan's JSON, then applies that file, stack by stack in the preflight's order", () => {
    const order = [
      'for stack in $STACKS; do',
      'terraform -chdir="$dir" plan -input=false -no-color -out=tfplan',
      'terraform -chdir="$dir" show -json tfplan | node --require ./scripts/ts-hook.cjs scripts/plan-gate.ts --environment "$DEPLOY_ENVIRONMENT" --stack "$stack"',
      'terraform -chdir="$dir" apply -input=false -no-color tfplan',
    ].map((line) => script.indexOf(line));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const step = deploy.steps.find((s: { run?: string }) => s.run?.includes("plan-gate.ts"));
    expect(step.env.STACKS).toBe("${{ steps.preflight.outputs.stacks }}");
  });

  it("stops at the first failing command, including a gate that refuses inside the pipe", () => {
    expect(script).toContain("set -euo pipefail");
  });
});
