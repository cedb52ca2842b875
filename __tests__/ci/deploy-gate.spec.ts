/**
 * deploy.yml applies exactly the plans a reviewer approved: the plan job plans, gates and fingerprints
 * every stack before anyone is asked; the apply job, in the GitHub Environment, plans again and applies
 * each reviewed plan file only when the fresh plan has the reviewed fingerprint.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

type Step = { run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, unknown> };
const workflow = parse(readFileSync(join(__dirname, "..", "..", ".github", "workflows", "deploy.yml"), "utf8"));
const { plan, apply } = workflow.jobs;
const scriptOf = (job: { steps: Step[] }): string => job.steps.map((s) => s.run ?? "").join("\n");

/** The positions of `lines` in `text`, which must all be there, in this order. */
function expectInOrder(text: string, lines: string[]): void {
  const positions = lines.map((line) => text.indexOf(line));
  expect(lines.filter((_, i) => positions[i]! < 0)).toEqual([]);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}

describe("deploy.yml", () => {
  it("never applies without a saved, reviewed plan (no auto-approve, no cdktf deploy)", () => {
    for (const job of [plan, apply]) {
      expect(scriptOf(job)).not.toContain("--auto-approve");
      expect(scriptOf(job)).not.toContain("cdktf deploy");
    }
  });

  it("plans, gates and fingerprints every stack, in the preflight's order, before any approval is asked", () => {
    expect(plan.environment).toBeUndefined();
    expectInOrder(scriptOf(plan), [
      "for stack in $STACKS; do",
      'terraform -chdir="$dir" plan -input=false -lock=false -no-color -out=tfplan',
      'terraform -chdir="$dir" show -json tfplan | node --require ./scripts/ts-hook.cjs scripts/plan-gate.ts --environment "$DEPLOY_ENVIRONMENT" --stack "$stack"',
      'terraform -chdir="$dir" show -json tfplan | node --require ./scripts/ts-hook.cjs scripts/plan-fingerprint.ts > "reviewed-plans/$stack.fingerprint"',
      'terraform -chdir="$dir" show -no-color tfplan > "reviewed-plans/$stack.txt"',
      'cp "$dir/tfplan" "reviewed-plans/$stack.tfplan"',
      '>> "$GITHUB_STEP_SUMMARY"',
    ]);
    const upload = plan.steps.find((s: Step) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload.with).toMatchObject({ name: "reviewed-plans-${{ inputs.environment || 'dev' }}", path: "reviewed-plans", "retention-days": 1 });
  });

  it("asks for the approval only in the apply job, which comes after the plan job", () => {
    expect(apply.environment).toBe("${{ inputs.environment || 'dev' }}");
    expect(apply.needs).toBe("plan");
    expect(plan.needs).toBe("test");
  });

  it("applies each reviewed plan file only when a fresh plan has its fingerprint, and stops saying why otherwise", () => {
    expectInOrder(scriptOf(apply), [
      "for stack in $STACKS; do",
      'terraform -chdir="$dir" plan -input=false -no-color -out=current',
      'current="$(terraform -chdir="$dir" show -json current | node --require ./scripts/ts-hook.cjs scripts/plan-fingerprint.ts)"',
      'if [ "$current" != "$(cat "reviewed-plans/$stack.fingerprint")" ]; then',
      "the plan changed since it was reviewed",
      "exit 1",
      'cp "reviewed-plans/$stack.tfplan" "$dir/tfplan"',
      'terraform -chdir="$dir" apply -input=false -no-color tfplan',
    ]);
    const step = apply.steps.find((s: Step) => s.run?.includes("apply -input=false"));
    expect(step.env.STACKS).toBe("${{ needs.plan.outputs.stacks }}");
  });

  it("stops at the first failing command, including a gate that refuses inside a pipe", () => {
    for (const job of [plan, apply]) expect(scriptOf(job)).toContain("set -euo pipefail");
  });
});
