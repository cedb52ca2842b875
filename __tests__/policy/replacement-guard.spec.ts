/**
 * Issue 13, item 4: node groups, every random_* resource and the other
 * identity-bearing types join the replacement guard: the synth diff marks a
 * change that replaces them REPLACE!, and the committed record holds their
 * ForceNew fields, so `npm test` fails until the change is recorded on purpose.
 */
import { Testing } from "cdktf";
import { diffStack } from "../../lib/ci/synth-diff";
import { readReplacementRecord, replacementRecord } from "../../lib/policy/replacement-record";
import { ClusterStack } from "../../stacks/cluster-stack";
import { shippedEnvironment, variantOf } from "../helpers/config";
import { synthCoin } from "../helpers/coinstack";

const cluster = (env: ReturnType<typeof shippedEnvironment>): Record<string, any> => JSON.parse(Testing.synth(new ClusterStack(Testing.app(), "dev-cluster", env)));
const dev = cluster(shippedEnvironment("dev"));
const nodeGroupFindings = (after: Record<string, any>) =>
  diffStack("dev-cluster", dev, after)
    .resources.filter((r) => r.type === "aws_eks_node_group")
    .flatMap((r) => r.findings.map((f) => [f.severity, f.path]));

describe("the replacement guard", () => {
  it.each([
    ["instanceTypes", ["m7i.2xlarge"], "instance_types"],
    ["capacityType", "SPOT", "capacity_type"],
    ["amiType", "AL2023_ARM_64_STANDARD", "ami_type"],
  ])("marks a node group whose %s changes as replaced in the synth diff", (key, value, path) => {
    const changed = cluster(
      variantOf("dev", (input) => {
        input.cluster.nodeGroups[0][key] = value;
      }),
    );
    expect(nodeGroupFindings(changed)).toContainEqual(["replace", path]);
  });

  it("records every ForceNew field the node groups set", () => {
    const record = replacementRecord(new Map([["dev-cluster", dev]]));
    const [address, fields] = Object.entries(record).find(([key]) => key.startsWith("dev-cluster/aws_eks_node_group."))!;
    expect(address).toMatch(/^dev-cluster\/aws_eks_node_group\.node-group-chain_node-group_/);
    expect(Object.keys(fields).sort()).toEqual(["ami_type", "capacity_type", "cluster_name", "instance_types", "launch_template.id", "node_group_name_prefix", "node_role_arn", "subnet_ids"]);
  });

  it("records every argument of a random_* resource, since every one forces a new value", () => {
    const stack = {
      resource: {
        random_password: { rpc: { length: 32, special: false, keepers: { rotation: "1" }, lifecycle: { prevent_destroy: true } } },
        random_id: { key: { byte_length: 32, depends_on: ["random_password.rpc"] } },
      },
    };
    expect(replacementRecord(new Map([["dev-bitcoin", stack]]))).toEqual({
      "dev-bitcoin/random_password.rpc": { keepers: { rotation: "1" }, length: 32, special: false },
      "dev-bitcoin/random_id.key": { byte_length: 32 },
    });
  });

  it("leaves out fields under lifecycle.ignore_changes (the frozen claim templates): Terraform plans no change there", () => {
    const record = replacementRecord(new Map([["dev-bitcoin", synthCoin("bitcoin") as unknown as Record<string, any>]]));
    const statefulSet = Object.entries(record).find(([key]) => key.includes("/kubernetes_stateful_set_v1."))![1];
    expect(statefulSet).toHaveProperty(["spec.service_name"]);
    expect(statefulSet).not.toHaveProperty(["spec.volume_claim_template"]);
  });

  it("has the shipped node groups in the committed record", () => {
    expect(Object.keys(readReplacementRecord()).filter((key) => key.includes("/aws_eks_node_group.")).length).toBe(3);
  });
});
