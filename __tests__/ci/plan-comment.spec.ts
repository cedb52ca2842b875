import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { countsFromText, readStackPlans, renderPlanComment, summarizeChanges } from "../../lib/ci/plan-comment";
import type { PlanTarget } from "../../lib/ci/plan-matrix";
import { tempDir } from "./fixtures";

const MARKER = "<!-- coinstacks-cdktf:plan-review -->";

const target = (stack: string, order: number): PlanTarget => ({
  stack,
  environment: "dev",
  order,
  workingDirectory: `cdktf.out/stacks/${stack}`,
  backend: "s3",
  region: "us-east-2",
  roleVariable: "AWS_PLAN_ROLE_ARN_DEV",
  tokenVariable: "TF_TOKEN_app_terraform_io",
});

/** Writes what one plan job uploads. */
function result(root: string, dir: string, files: { result?: unknown; plan?: string; changes?: unknown }): void {
  mkdirSync(join(root, dir), { recursive: true });
  if (files.result) writeFileSync(join(root, dir, "result.json"), JSON.stringify(files.result));
  if (files.plan !== undefined) writeFileSync(join(root, dir, "plan.txt"), files.plan);
  if (files.changes) writeFileSync(join(root, dir, "changes.json"), JSON.stringify(files.changes));
}

describe("plan summary from terraform show -json", () => {
  it("counts actions the way Terraform does and flags data-bearing replacements and destroys", () => {
    const { counts, flagged } = summarizeChanges([
      { address: "kubernetes_config_map_v1.a", type: "kubernetes_config_map_v1", actions: ["create"] },
      { address: "kubernetes_persistent_volume_claim_v1.b", type: "kubernetes_persistent_volume_claim_v1", actions: ["update"] },
      { address: "kubernetes_stateful_set_v1.c", type: "kubernetes_stateful_set_v1", actions: ["delete", "create"] },
      { address: "kubernetes_persistent_volume_claim_v1.d", type: "kubernetes_persistent_volume_claim_v1", actions: ["delete"] },
      { address: "kubernetes_service_v1.e", type: "kubernetes_service_v1", actions: ["create", "delete"] },
      { address: "data.aws_caller_identity.f", type: "aws_caller_identity", actions: ["read"] },
      { address: "kubernetes_namespace_v1.g", type: "kubernetes_namespace_v1", actions: ["no-op"] },
    ]);
    expect(counts).toEqual({ add: 3, change: 1, destroy: 3, replace: 2 });
    expect(flagged.map((f) => [f.severity, f.address])).toEqual([
      ["replace", "kubernetes_stateful_set_v1.c"],
      ["destroy", "kubernetes_persistent_volume_claim_v1.d"],
    ]);
  });

  it("reads counts from the human summary when there is no JSON (Terraform Cloud runs)", () => {
    expect(countsFromText("No changes. Your infrastructure matches the configuration.")).toEqual({ add: 0, change: 0, destroy: 0, replace: 0 });
    expect(countsFromText("  # a must be replaced\nPlan: 1 to add, 2 to change, 1 to destroy.")).toEqual({ add: 1, change: 2, destroy: 1, replace: 1 });
    expect(countsFromText("Error: Unable to find remote state")).toBeUndefined();
  });
});

describe("the pull request comment", () => {
  const root = tempDir("plans");
  result(root, "plan-dev-platform", { result: { stack: "dev-platform", init: 0, plan: 0 }, plan: "No changes.", changes: [] });
  result(root, "plan-dev-bitcoin", {
    result: { stack: "dev-bitcoin", init: 0, plan: 0 },
    plan: "  # kubernetes_stateful_set_v1.sts must be replaced\nPlan: 1 to add, 0 to change, 1 to destroy.",
    changes: [{ address: "kubernetes_stateful_set_v1.sts", type: "kubernetes_stateful_set_v1", actions: ["delete", "create"] }],
  });
  result(root, "plan-dev-litecoin", { result: { stack: "dev-litecoin", init: 0, plan: 1 }, plan: "Error: Unable to find remote state" });
  const targets = [target("dev-platform", 2), target("dev-bitcoin", 3), target("dev-litecoin", 4), target("dev-dogecoin", 5)];
  const plans = readStackPlans(root, targets);

  it("reads every job's result, and notices the ones that never reported", () => {
    expect(plans.map((p) => [p.stack, p.status])).toEqual([
      ["dev-platform", "planned"],
      ["dev-bitcoin", "planned"],
      ["dev-litecoin", "failed"],
      ["dev-dogecoin", "missing"],
    ]);
  });

  const comment = renderPlanComment({
    marker: MARKER,
    targets,
    plans,
    skipped: [{ stack: "dev-bootstrap", reason: "local backend" }],
    unchanged: ["dev-cluster"],
    synthDiff: "### Synth diff\n\nsomething\n",
    commit: "0123456789abcdef0123",
    runUrl: "https://example.invalid/run/1",
  });

  it("starts with the hidden marker the workflow finds it by", () => {
    expect(comment.startsWith(`${MARKER}\n## Terraform plan`)).toBe(true);
  });

  it("has one row per stack in dependency order, with failures and data-bearing replacements visible", () => {
    const rows = comment.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows).toEqual([
      "| `dev-platform` | ✅ no changes |",
      "| `dev-bitcoin` | 1 to add, 0 to change, 1 to destroy (1 replaced) |",
      "| `dev-litecoin` | ❌ plan failed |",
      "| `dev-dogecoin` | ⏭️ not run (cancelled, skipped or failed before planning) |",
    ]);
    expect(comment).toContain("> **REPLACE!** `dev-bitcoin` `kubernetes_stateful_set_v1.sts`");
    expect(comment).toContain("- `dev-bootstrap` not planned: local backend");
    expect(comment).toContain("1 stack(s) unchanged in the synth, not planned: `dev-cluster`");
    expect(comment).toContain("<details><summary><code>dev-litecoin</code>: ❌ plan failed</summary>");
    expect(comment).toContain("Error: Unable to find remote state");
    expect(comment.trimEnd().endsWith("something")).toBe(true);
  });

  it("stays under GitHub's comment size limit however long the plans are", () => {
    const huge = readStackPlans(root, targets).map((p) => ({ ...p, text: "x".repeat(200_000) }));
    const body = renderPlanComment({ marker: MARKER, targets, plans: huge, synthDiff: "y".repeat(100_000), limit: 65_000 });
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(body).toContain("download the plan-dev-bitcoin artifact");
    expect(body).toContain("| `dev-dogecoin` |");
  });

  it("says so when nothing changed", () => {
    const body = renderPlanComment({ marker: MARKER, targets: [], plans: [], unchanged: ["dev-cluster"] });
    expect(body).toContain("No stack changed in the synthesized configuration, so nothing was planned.");
  });
});
