/**
 * Issue 13, items 4 and 5: a node group whose replacement is forced (instance
 * types, capacity type, AMI type, subnets...) is created before the old one is
 * destroyed, which needs a generated name; and node groups follow the control
 * plane's Kubernetes version.
 */
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { Testing } from "cdktf";
// Types of the matchers Testing.setupJest() installs (__tests__/setup.ts).
import type {} from "cdktf/lib/testing/adapters/jest";
import { ClusterStack } from "../../stacks/cluster-stack";
import { shippedEnvironment, variantOf } from "../helpers/config";

const prod = Testing.synth(new ClusterStack(Testing.app(), "prod-cluster", shippedEnvironment("prod")));

describe("managed node groups", () => {
  it("are named by a prefix, so a replacement can exist beside the group it replaces", () => {
    expect(prod).toHaveResourceWithProperties(EksNodeGroup, { node_group_name_prefix: "coinstacks-prod-chain-" });
    expect(prod).not.toHaveResourceWithProperties(EksNodeGroup, { node_group_name: expect.anything() });
  });

  it("are created before the group they replace is destroyed", () => {
    for (const group of ["chain", "system"]) {
      expect(prod).toHaveResourceWithProperties(
        EksNodeGroup,
        { node_group_name_prefix: `coinstacks-prod-${group}-`, lifecycle: expect.objectContaining({ create_before_destroy: true }) },
      );
    }
  });

  it("run the control plane's Kubernetes version", () => {
    expect(prod).toHaveResourceWithProperties(EksNodeGroup, { node_group_name_prefix: "coinstacks-prod-chain-", version: "1.33" });
    const next = variantOf("prod", (input) => {
      input.cluster.kubernetesVersion = "1.34";
    });
    const upgraded = Testing.synth(new ClusterStack(Testing.app(), "prod-cluster", next));
    expect(upgraded).toHaveResourceWithProperties(EksNodeGroup, { node_group_name_prefix: "coinstacks-prod-system-", version: "1.34" });
  });
});
