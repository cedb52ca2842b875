/**
 * Issue 13, item 4: `policy.approvedReplacements` names, one exact address at a
 * time, the guarded resources a deploy may replace or destroy. Mistakes in it
 * are refused at the edge, naming the file, the key and what is allowed.
 */
import { buildError } from "../helpers/bad-input";

const problems = (changes: Record<string, unknown>): string[] => [...(buildError(changes, "prod")?.problems ?? [])];
const approval = (address: string, reason = "moving the chain pool to Graviton instances, reviewed in #42") => ({ address, reason });

describe("policy.approvedReplacements", () => {
  it("accepts an exact address of a guarded resource in one of the environment's stacks", () => {
    expect(problems({ "policy.approvedReplacements": [approval("prod-cluster/aws_eks_node_group.node-group-chain_node-group_1A2B3C4D")] })).toEqual([]);
  });

  it("refuses a wildcard", () => {
    expect(problems({ "policy.approvedReplacements": [approval("prod-cluster/aws_eks_node_group.*")] })).toEqual([
      'config/prod.yaml: policy.approvedReplacements[0].address: expected a resource address <stack>/<type>.<name> exactly as the plan gate prints it (no wildcards), got "prod-cluster/aws_eks_node_group.*"',
    ]);
  });

  it("refuses a stack of another environment", () => {
    expect(problems({ "policy.approvedReplacements": [approval("dev-cluster/aws_eks_node_group.node-group-chain_node-group_1A2B3C4D")] })).toEqual([
      expect.stringMatching(/^config\/prod\.yaml: policy\.approvedReplacements\[0\]\.address: expected one of this environment's stacks before the "\/" \(prod-bootstrap, prod-cluster, prod-platform, prod-bitcoin, .*\), got "dev-cluster\/.*"$/),
    ]);
  });

  it("refuses a type the guard does not cover (its replacement needs no approval)", () => {
    expect(problems({ "policy.approvedReplacements": [approval("prod-bitcoin/kubernetes_config_map_v1.scripts_config-map_1234ABCD")] })).toEqual([
      expect.stringMatching(/^config\/prod\.yaml: policy\.approvedReplacements\[0\]\.address: expected a resource type the replacement guard covers \(.*aws_eks_node_group.*random_password.*\), not kubernetes_config_map_v1, got "prod-bitcoin\/.*"$/),
    ]);
  });

  it("refuses the same address twice", () => {
    const address = "prod-cluster/aws_eks_node_group.node-group-chain_node-group_1A2B3C4D";
    expect(problems({ "policy.approvedReplacements": [approval(address), approval(address)] })).toEqual([
      `config/prod.yaml: policy.approvedReplacements[1].address: expected an address not approved before, got "${address}"`,
    ]);
  });

  it("needs a reason", () => {
    expect(problems({ "policy.approvedReplacements": [approval("prod-cluster/aws_eks_node_group.node-group-chain_node-group_1A2B3C4D", "ok")] })).toEqual([
      'config/prod.yaml: policy.approvedReplacements[0].reason: expected a reason (at least 20 characters) why replacing or destroying this resource is intended, got "ok"',
    ]);
  });
});

describe("cluster.nodeGroups[].name", () => {
  it("is refused when the group's name prefix leaves EKS no room for its 26-character suffix", () => {
    expect(problems({ "cluster.nodeGroups[1].name": "system-pool-with-a-long-name" })).toEqual([
      'config/prod.yaml: cluster.nodeGroups[1].name: expected at most 20 characters: the node group\'s name prefix "coinstacks-prod-system-pool-with-a-long-name-" may have 37 (EKS appends a 26-character suffix), got "system-pool-with-a-long-name"',
    ]);
  });
});
