/**
 * Issue 13, item 4: the deploy checks the real plan (`terraform show -json`)
 * before applying it, and refuses to replace or destroy a guarded resource
 * whose exact address config does not approve.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gatePlan, passes, type PlanJson, renderGate, type ResourceChange } from "../../lib/ci/plan-gate";
import { tempDir } from "./fixtures";

const NODE_GROUP = "aws_eks_node_group.node-group-chain_node-group_1A2B3C4D";

/** One entry of `resource_changes` as Terraform 1.13 writes it. */
function change(address: string, actions: string[], extra: Partial<ResourceChange["change"]> & { action_reason?: string } = {}): ResourceChange {
  const { action_reason, ...rest } = extra;
  const [type, name] = address.split(".") as [string, string];
  return {
    address,
    mode: "managed",
    type,
    ...({ name, provider_name: `registry.terraform.io/hashicorp/${type.split("_")[0]}` } as object),
    ...(action_reason ? { action_reason } : {}),
    change: { actions, before: {}, after: {}, ...rest },
  } as ResourceChange;
}

const plan = (...changes: ResourceChange[]): PlanJson => ({ ...({ format_version: "1.2", terraform_version: "1.13.3" } as object), resource_changes: changes });
const approval = (address: string) => ({ address, reason: "moving the chain pool to Graviton instances, reviewed in #42" });

describe("the plan gate", () => {
  it("refuses a plan that replaces a node group nobody approved", () => {
    const result = gatePlan("prod-cluster", plan(change(NODE_GROUP, ["create", "delete"], { replace_paths: [["instance_types"]] })), []);
    expect(passes(result)).toBe(false);
    expect(result.refused).toEqual([expect.objectContaining({ address: `prod-cluster/${NODE_GROUP}`, action: "replace", cause: "forced by instance_types" })]);
  });

  it("lets the same plan through when config approves that exact address", () => {
    const result = gatePlan("prod-cluster", plan(change(NODE_GROUP, ["create", "delete"])), [approval(`prod-cluster/${NODE_GROUP}`)]);
    expect(passes(result)).toBe(true);
    expect(result.approved).toEqual([expect.objectContaining({ address: `prod-cluster/${NODE_GROUP}`, approvedBecause: expect.stringContaining("Graviton") })]);
  });

  it("does not let an approval in one stack approve the same address in another", () => {
    const result = gatePlan("prod-cluster", plan(change(NODE_GROUP, ["delete", "create"])), [approval(`dev-cluster/${NODE_GROUP}`)]);
    expect(passes(result)).toBe(false);
  });

  it("refuses destroying a claim, and replacing a random_password, a Secret or a StatefulSet", () => {
    const result = gatePlan(
      "prod-bitcoin",
      plan(
        change("kubernetes_persistent_volume_claim_v1.volumes_data-daemon-0_ABCD", ["delete"], { action_reason: "delete_because_no_resource_config" }),
        change("random_password.credentials_rpc-password_1234", ["delete", "create"], { replace_paths: [["length"]] }),
        change("kubernetes_secret_v1.credentials_secret_5678", ["delete", "create"]),
        change("kubernetes_stateful_set_v1.workload_stateful-set_9ABC", ["delete", "create"], { replace_paths: [["spec", 0, "service_name"]] }),
      ),
      [],
    );
    expect(result.refused.map((c) => [c.action, c.address.split("/")[1]!.split(".")[0], c.cause])).toEqual([
      ["destroy", "kubernetes_persistent_volume_claim_v1", "delete_because_no_resource_config"],
      ["replace", "random_password", "forced by length"],
      ["replace", "kubernetes_secret_v1", undefined],
      ["replace", "kubernetes_stateful_set_v1", "forced by spec[0].service_name"],
    ]);
  });

  it("ignores creates, in-place updates, reads and resources outside the guard", () => {
    const result = gatePlan(
      "prod-bitcoin",
      plan(
        change("kubernetes_persistent_volume_claim_v1.volumes_data-daemon-1_ABCD", ["create"]),
        change("kubernetes_stateful_set_v1.workload_stateful-set_9ABC", ["update"]),
        change("kubernetes_config_map_v1.scripts_config-map_1234", ["delete", "create"]),
        { ...change("data.aws_eks_addon_version.x", ["read"]), mode: "data" },
      ),
      [],
    );
    expect(result.refused).toEqual([]);
    expect(passes(result)).toBe(true);
  });

  it("reports an approval that matches nothing in the plan, without failing", () => {
    const result = gatePlan("prod-cluster", plan(change(NODE_GROUP, ["update"])), [approval(`prod-cluster/${NODE_GROUP}`), approval(`prod-bitcoin/${NODE_GROUP}`)]);
    expect(passes(result)).toBe(true);
    expect(result.unmatched.map((a) => a.address)).toEqual([`prod-cluster/${NODE_GROUP}`]);
    expect(renderGate(result, "config/prod.yaml")).toContainEqual(expect.stringMatching(/^::warning title=approval matches nothing in the plan::prod-cluster\/aws_eks_node_group\./));
  });

  it("refuses a control-plane upgrade that skips a minor version, and a downgrade", () => {
    const cluster = (from: string, to: string) => change("aws_eks_cluster.eks_cluster_55B0C966", ["update"], { before: { version: from }, after: { version: to } });
    expect(gatePlan("prod-cluster", plan(cluster("1.32", "1.33")), []).versionProblems).toEqual([]);
    expect(gatePlan("prod-cluster", plan(cluster("1.32", "1.34")), []).versionProblems).toEqual([expect.stringContaining("skips a minor version; raise cluster.kubernetesVersion one minor per deploy (1.33 first)")]);
    expect(gatePlan("prod-cluster", plan(cluster("1.33", "1.32")), []).versionProblems).toEqual([expect.stringContaining("is a downgrade")]);
  });

  it("lists a Job that replaces a claim in the cluster (coins.<coin>.volumeOperations) with its reason, and passes", () => {
    const JOB = "kubernetes_job_v1.coinstack_volume-operations_replace-daemon-0_job_EC70285F";
    const annotations = { "coinstacks.io/replaces-claim": "data-daemon-bitcoin-sts-0", "coinstacks.io/replacement-reason": "chainstate corrupted after the disk filled up" };
    const result = gatePlan("prod-bitcoin", plan(change(JOB, ["create"], { after: { metadata: [{ name: "bitcoin-replace-daemon-0", annotations }] } })), []);
    expect(passes(result)).toBe(true);
    expect(result.claimReplacements).toEqual([{ job: `prod-bitcoin/${JOB}`, claim: "data-daemon-bitcoin-sts-0", reason: "chainstate corrupted after the disk filled up" }]);
    expect(renderGate(result, "config/prod.yaml")).toContain(
      `approved in config/prod.yaml (coins.<coin>.volumeOperations): REPLACE CLAIM data-daemon-bitcoin-sts-0 in the cluster by prod-bitcoin/${JOB}; its old volume is kept (Retain); reason: chainstate corrupted after the disk filled up`,
    );
  });

  it("prints no attribute value of the plan (the JSON plan holds secrets)", () => {
    const value = "plan-value-4f0c9d";
    const result = gatePlan(
      "prod-bitcoin",
      plan(change("random_password.credentials_rpc-password_1234", ["delete", "create"], { before: { result: value }, after: { result: value, length: 32 } })),
      [],
    );
    expect(renderGate(result, "config/prod.yaml").join("\n")).not.toContain(value);
  });
});

describe("scripts/plan-gate.ts", () => {
  const run = (json: PlanJson) => {
    const file = join(tempDir("plan-gate"), "plan.json");
    writeFileSync(file, JSON.stringify(json));
    return spawnSync(process.execPath, ["--require", "./scripts/ts-hook.cjs", "scripts/plan-gate.ts", "--environment", "prod", "--stack", "prod-cluster", "--plan", file], {
      cwd: join(__dirname, "..", ".."),
      encoding: "utf8",
    });
  };

  it("exits 1 with an error annotation that says how to approve, when the plan replaces a node group", () => {
    const result = run(plan(change(NODE_GROUP, ["create", "delete"], { replace_paths: [["subnet_ids"]] })));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`::error title=plan refused: replace of a guarded resource::REPLACE! prod-cluster/${NODE_GROUP} (forced by subnet_ids)`);
    expect(result.stdout).toContain(`approve it in config/prod.yaml under policy.approvedReplacements: {address: "prod-cluster/${NODE_GROUP}"`);
  });

  it("exits 0 when nothing guarded is replaced or destroyed", () => {
    const result = run(plan(change(NODE_GROUP, ["update"])));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("prod-cluster: plan gate passed");
  });
});
