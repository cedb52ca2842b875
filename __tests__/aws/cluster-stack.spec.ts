/**
 * Build point 6: the cluster stack. A VPC over three AZs, EKS with access
 * entries, envelope encryption, full control-plane logging and a guarded
 * endpoint, managed node groups from launch templates, the EKS add-ons with
 * Pod Identity, a minimal node role, and prevent_destroy where data lives.
 */
import { DataAwsEksAddonVersion } from "@cdktf/provider-aws/lib/data-aws-eks-addon-version";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { ClusterStack } from "../../stacks/cluster-stack";
import {
  dataSourcesOf,
  onlyResource,
  one,
  policyDocument,
  ref,
  resourcesOf,
  shippedEnvironment,
  type SynthesizedStack,
  variantOf,
} from "../helpers/synth";

const devEnv = shippedEnvironment("dev");
const prodEnv = shippedEnvironment("prod");
const devText = Testing.synth(new ClusterStack(Testing.app(), "dev-cluster", devEnv));
const prodText = Testing.synth(new ClusterStack(Testing.app(), "prod-cluster", prodEnv));
const dev = JSON.parse(devText) as SynthesizedStack;
const prod = JSON.parse(prodText) as SynthesizedStack;

/** dev with no public endpoint, the aws-auth ConfigMap kept, another version, taints and a pinned add-on. */
const variantEnv = variantOf("dev", (input) => {
  input.cluster.kubernetesVersion = "1.32";
  input.cluster.endpoint = { publicAccessCidrs: [] };
  input.cluster.authenticationMode = "API_AND_CONFIG_MAP";
  input.cluster.addonVersions = { coredns: "v1.11.4-eksbuild.2" };
  input.cluster.nodeGroups[0].taints = [
    { key: "coinstacks.io/dedicated", value: "chain", effect: "NO_SCHEDULE" },
    { key: "coinstacks.io/draining", effect: "PREFER_NO_SCHEDULE" },
  ];
  input.cluster.nodeGroups[0].amiType = "BOTTLEROCKET_x86_64";
});
const variantText = Testing.synth(new ClusterStack(Testing.app(), "dev-cluster", variantEnv));
const variant = JSON.parse(variantText) as SynthesizedStack;

const eks = (stack: SynthesizedStack): any => onlyResource(stack, "aws_eks_cluster");
const eksName = (stack: SynthesizedStack): string => resourcesOf(stack, "aws_eks_cluster")[0]![0];
const subnets = (stack: SynthesizedStack, tier: "public" | "private"): [string, any][] =>
  resourcesOf(stack, "aws_subnet").filter(([, s]) => s.tags.Name.includes(`-${tier}-`));
const addon = (stack: SynthesizedStack, name: string): any => {
  const found = resourcesOf(stack, "aws_eks_addon").filter(([, a]) => a.addon_name === name);
  expect(found).toHaveLength(1);
  return found[0]![1];
};
const roleByName = (stack: SynthesizedStack, name: string): [string, any] =>
  resourcesOf(stack, "aws_iam_role").find(([, r]) => r.name === name)!;
const attachedPolicies = (stack: SynthesizedStack, roleId: string): string[] =>
  resourcesOf(stack, "aws_iam_role_policy_attachment")
    .filter(([, a]) => a.role === ref("aws_iam_role", roleId, "name"))
    .map(([, a]) => a.policy_arn)
    .sort();

describe("the VPC", () => {
  it("spans three availability zones with one public and one private subnet in each", () => {
    for (const stack of [dev, prod]) {
      expect(subnets(stack, "public")).toHaveLength(3);
      expect(subnets(stack, "private")).toHaveLength(3);
      const zones = resourcesOf(stack, "aws_subnet").map(([, s]) => s.availability_zone);
      expect(new Set(zones).size).toBe(3);
      expect(zones.every((z: string) => /^\$\{element\(data\.aws_availability_zones\.[\w-]+\.names, [012]\)\}$/.test(z))).toBe(true);
    }
  });

  it("is one VPC with the CIDR from config", () => {
    expect(resourcesOf(dev, "aws_vpc")).toHaveLength(1);
    expect(devText).toHaveResourceWithProperties(Vpc, { cidr_block: "10.20.0.0/16" });
  });

  it("gives every subnet its own CIDR inside the VPC's range", () => {
    const cidrs = resourcesOf(dev, "aws_subnet").map(([, s]) => s.cidr_block);
    expect(new Set(cidrs).size).toBe(6);
    for (const cidr of cidrs) expect(cidr).toMatch(/^\$\{cidrsubnet\("10\.20\.0\.0\/16", 4, \d+\)\}$/);
  });

  it("tags public subnets for internet-facing load balancers", () => {
    for (const [, subnet] of subnets(dev, "public")) {
      expect(subnet.tags).toMatchObject({ "kubernetes.io/role/elb": "1", "kubernetes.io/cluster/coinstacks-dev": "shared" });
      expect(subnet.tags["kubernetes.io/role/internal-elb"]).toBeUndefined();
    }
  });

  it("tags private subnets for internal load balancers", () => {
    for (const [, subnet] of subnets(dev, "private")) {
      expect(subnet.tags).toMatchObject({ "kubernetes.io/role/internal-elb": "1", "kubernetes.io/cluster/coinstacks-dev": "shared" });
      expect(subnet.tags["kubernetes.io/role/elb"]).toBeUndefined();
    }
  });

  it("never gives instances public IPs on launch", () => {
    for (const [, subnet] of resourcesOf(dev, "aws_subnet")) expect(subnet.map_public_ip_on_launch).toBe(false);
  });

  it("has one NAT gateway when natGateways is single, used by every private subnet", () => {
    expect(devEnv.cluster!.vpc.natGateways).toBe("single");
    expect(resourcesOf(dev, "aws_nat_gateway")).toHaveLength(1);
    expect(resourcesOf(dev, "aws_eip")).toHaveLength(1);
    const natIds = resourcesOf(dev, "aws_route_table")
      .map(([, t]) => t.route[0].nat_gateway_id)
      .filter(Boolean);
    expect(natIds).toHaveLength(3);
    expect(new Set(natIds).size).toBe(1);
  });

  it("has one NAT gateway per AZ when natGateways is perAz, each private subnet using its own", () => {
    expect(prodEnv.cluster!.vpc.natGateways).toBe("perAz");
    expect(resourcesOf(prod, "aws_nat_gateway")).toHaveLength(3);
    expect(resourcesOf(prod, "aws_eip")).toHaveLength(3);
    const natIds = resourcesOf(prod, "aws_route_table")
      .map(([, t]) => t.route[0].nat_gateway_id)
      .filter(Boolean);
    expect(new Set(natIds).size).toBe(3);
  });

  it("puts the NAT gateways in public subnets", () => {
    const publicIds = subnets(prod, "public").map(([id]) => ref("aws_subnet", id, "id"));
    for (const [, nat] of resourcesOf(prod, "aws_nat_gateway")) expect(publicIds).toContain(nat.subnet_id);
  });

  it("routes public subnets to the internet gateway", () => {
    const [igw] = resourcesOf(dev, "aws_internet_gateway")[0]!;
    const publicTable = resourcesOf(dev, "aws_route_table").find(([, t]) => t.route[0].gateway_id)![1];
    expect(publicTable.route).toHaveLength(1);
    expect(publicTable.route[0]).toMatchObject({ cidr_block: "0.0.0.0/0", gateway_id: ref("aws_internet_gateway", igw, "id") });
  });
});

describe("the EKS control plane", () => {
  it("is one cluster per stack", () => {
    for (const stack of [dev, prod, variant]) expect(resourcesOf(stack, "aws_eks_cluster")).toHaveLength(1);
  });

  it("runs the Kubernetes version from config", () => {
    expect(devText).toHaveResourceWithProperties(EksCluster, { version: "1.33" });
    expect(variantText).toHaveResourceWithProperties(EksCluster, { version: "1.32" });
  });

  it("is named from the prefix and environment", () => {
    expect(devText).toHaveResourceWithProperties(EksCluster, { name: "coinstacks-dev" });
    expect(prodText).toHaveResourceWithProperties(EksCluster, { name: "coinstacks-prod" });
  });

  it("authenticates through access entries, with the mode from config", () => {
    expect(devText).toHaveResourceWithProperties(EksCluster, { access_config: expect.objectContaining({ authentication_mode: "API" }) });
    expect(variantText).toHaveResourceWithProperties(EksCluster, { access_config: expect.objectContaining({ authentication_mode: "API_AND_CONFIG_MAP" }) });
  });

  it("grants the creating identity no implicit admin rights", () => {
    for (const text of [devText, variantText]) {
      expect(text).toHaveResourceWithProperties(EksCluster, { access_config: expect.objectContaining({ bootstrap_cluster_creator_admin_permissions: false }) });
    }
  });

  it("has one access entry per admin role from config", () => {
    const principals = resourcesOf(prod, "aws_eks_access_entry").map(([, e]) => e.principal_arn);
    expect(principals).toEqual(prodEnv.cluster!.adminRoleArns);
    for (const [, entry] of resourcesOf(prod, "aws_eks_access_entry")) {
      expect(entry).toMatchObject({ cluster_name: ref("aws_eks_cluster", eksName(prod), "name"), type: "STANDARD" });
    }
  });

  it("associates AmazonEKSClusterAdminPolicy, cluster-wide, with each admin entry", () => {
    const entries = resourcesOf(prod, "aws_eks_access_entry").map(([id]) => ref("aws_eks_access_entry", id, "principal_arn"));
    const associations = resourcesOf(prod, "aws_eks_access_policy_association").map(([, a]) => a);
    expect(associations).toHaveLength(entries.length);
    expect(associations.map((a) => a.principal_arn).sort()).toEqual(entries.sort());
    for (const association of associations) {
      expect(association.policy_arn).toBe("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
      expect(association.access_scope).toEqual({ type: "cluster" });
    }
  });

  it("envelope-encrypts Kubernetes secrets with its own rotating KMS key", () => {
    const encryption = one(eks(dev).encryption_config);
    expect(encryption.resources).toEqual(["secrets"]);
    const keyArn = one(encryption.provider).key_arn as string;
    const keyId = /^\$\{aws_kms_key\.([\w-]+)\.arn\}$/.exec(keyArn)![1]!;
    expect(dev.resource.aws_kms_key![keyId]).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  it("ships all five control-plane log types", () => {
    expect([...eks(dev).enabled_cluster_log_types].sort()).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
  });

  it("writes them to a KMS-encrypted log group with the retention from config, created before the cluster", () => {
    for (const [stack, days] of [
      [dev, 90],
      [prod, 365],
    ] as const) {
      const [groupId, group] = resourcesOf(stack, "aws_cloudwatch_log_group").find(([, g]) => g.name === `/aws/eks/${eks(stack).name}/cluster`)!;
      expect(group.retention_in_days).toBe(days);
      expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.[\w-]+\.arn\}$/);
      expect(eks(stack).depends_on).toContain(`aws_cloudwatch_log_group.${groupId}`);
    }
  });

  it("always has a private endpoint", () => {
    for (const stack of [dev, prod, variant]) expect(one(eks(stack).vpc_config).endpoint_private_access).toBe(true);
  });

  it("opens the public endpoint only to the CIDRs from config", () => {
    expect(one(eks(dev).vpc_config)).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] });
    expect(one(eks(prod).vpc_config)).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ["198.51.100.0/24"] });
  });

  it("closes the public endpoint when no CIDR is configured (AWS would default to 0.0.0.0/0)", () => {
    const vpcConfig = one(eks(variant).vpc_config);
    expect(vpcConfig.endpoint_public_access).toBe(false);
    expect(vpcConfig.public_access_cidrs).toBeUndefined();
  });

  it("never opens the endpoint to the whole internet", () => {
    for (const stack of [dev, prod, variant]) expect(one(eks(stack).vpc_config).public_access_cidrs ?? []).not.toContain("0.0.0.0/0");
  });

  it("places its network interfaces in the private subnets", () => {
    expect(one(eks(dev).vpc_config).subnet_ids.sort()).toEqual(subnets(dev, "private").map(([id]) => ref("aws_subnet", id, "id")).sort());
  });

  it("cannot be destroyed by Terraform", () => {
    expect(devText).toHaveResourceWithProperties(EksCluster, { lifecycle: { prevent_destroy: true } });
  });
});

describe("the KMS keys", () => {
  it("all rotate and cannot be destroyed by Terraform", () => {
    const keys = resourcesOf(dev, "aws_kms_key");
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const [, key] of keys) expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });
});

describe("the managed node groups", () => {
  it("are one per configured group, each launched from its own template", () => {
    const groups = resourcesOf(prod, "aws_eks_node_group");
    const templates = resourcesOf(prod, "aws_launch_template");
    expect(groups).toHaveLength(prodEnv.cluster!.nodeGroups.length);
    expect(templates).toHaveLength(groups.length);
    const templateRefs = templates.map(([id]) => ref("aws_launch_template", id, "id")).sort();
    expect(groups.map(([, g]) => one(g.launch_template).id).sort()).toEqual(templateRefs);
  });

  it("require IMDSv2 with a hop limit of 1, so pods cannot reach the node's credentials", () => {
    for (const [, template] of resourcesOf(prod, "aws_launch_template")) {
      expect(one(template.metadata_options)).toMatchObject({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 });
    }
  });

  it("boot from an encrypted gp3 root volume of the configured size", () => {
    const sizes = resourcesOf(prod, "aws_launch_template").map(([, t]) => {
      const [mapping] = t.block_device_mappings;
      expect(mapping.device_name).toBe("/dev/xvda");
      expect(one(mapping.ebs)).toMatchObject({ volume_type: "gp3", encrypted: "true" });
      return one(mapping.ebs).volume_size;
    });
    expect(sizes.sort()).toEqual(prodEnv.cluster!.nodeGroups.map((g) => g.rootVolumeGiB).sort());
  });

  it("encrypt the Bottlerocket data volume, where Bottlerocket keeps containers", () => {
    const [mapping] = onlyResource(variant, "aws_launch_template").block_device_mappings;
    expect(mapping.device_name).toBe("/dev/xvdb");
    expect(one(mapping.ebs)).toMatchObject({ volume_type: "gp3", encrypted: "true" });
  });

  it("carry the labels from config", () => {
    const labels = resourcesOf(prod, "aws_eks_node_group").map(([, g]) => g.labels);
    expect(labels).toEqual(prodEnv.cluster!.nodeGroups.map((g) => g.labels));
  });

  it("carry the taints from config", () => {
    expect(resourcesOf(variant, "aws_eks_node_group")).toHaveLength(1);
    expect(variantText).toHaveResourceWithProperties(EksNodeGroup, {
      taint: [
        { key: "coinstacks.io/dedicated", value: "chain", effect: "NO_SCHEDULE" },
        { key: "coinstacks.io/draining", effect: "PREFER_NO_SCHEDULE" },
      ],
    });
  });

  it("carry no taint when config has none", () => {
    expect(resourcesOf(dev, "aws_eks_node_group")).toHaveLength(1);
    expect(devText).toHaveResourceWithProperties(EksNodeGroup, { taint: [] });
  });

  it("size, instance types and capacity type come from config", () => {
    const group = onlyResource(dev, "aws_eks_node_group");
    const configured = devEnv.cluster!.nodeGroups[0]!;
    expect(one(group.scaling_config)).toEqual({ min_size: configured.minSize, max_size: configured.maxSize, desired_size: configured.desiredSize });
    expect(group.instance_types).toEqual(configured.instanceTypes);
    expect(group.capacity_type).toBe(configured.capacityType);
  });

  it("run in the private subnets", () => {
    const privateIds = subnets(dev, "private").map(([id]) => ref("aws_subnet", id, "id")).sort();
    expect([...onlyResource(dev, "aws_eks_node_group").subnet_ids].sort()).toEqual(privateIds);
  });

  it("wait for the networking and identity add-ons, which nodes need to become Ready", () => {
    const dependsOn: string[] = onlyResource(dev, "aws_eks_node_group").depends_on;
    for (const name of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]) {
      const [id] = resourcesOf(dev, "aws_eks_addon").find(([, a]) => a.addon_name === name)!;
      expect(dependsOn).toContain(`aws_eks_addon.${id}`);
    }
  });
});

describe("the EKS add-ons", () => {
  it("are exactly vpc-cni, coredns, kube-proxy, eks-pod-identity-agent, aws-ebs-csi-driver and snapshot-controller", () => {
    const names = resourcesOf(dev, "aws_eks_addon").map(([, a]) => a.addon_name).sort();
    expect(names).toEqual(["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "snapshot-controller", "vpc-cni"]);
  });

  it("install the snapshot controller (and its CRDs) once nodes exist to run it", () => {
    expect(addon(dev, "snapshot-controller").depends_on).toEqual(addon(dev, "coredns").depends_on);
  });

  it("let the EBS CSI controller use the volumes key, and ask KMS for grants only on behalf of AWS resources", () => {
    const roleId = /^\$\{aws_iam_role\.([\w-]+)\.arn\}$/.exec(addon(dev, "aws-ebs-csi-driver").pod_identity_association[0].role_arn)![1]!;
    const [, policy] = resourcesOf(dev, "aws_iam_role_policy").find(([, p]) => p.role === ref("aws_iam_role", roleId, "id"))!;
    const key = ref("aws_kms_key", resourcesOf(dev, "aws_kms_alias").find(([, a]) => a.name === "alias/coinstacks-dev-volumes")![1].target_key_id.replace(/^\$\{aws_kms_key\.([\w-]+)\.key_id\}$/, "$1"), "arn");
    expect(policyDocument(policy.policy).Statement).toEqual([
      expect.objectContaining({ Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], Resource: key, Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } }),
      expect.objectContaining({ Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource: key }),
    ]);
  });

  it("turn on the VPC CNI network-policy agent, without which NetworkPolicies do nothing", () => {
    expect(JSON.parse(addon(dev, "vpc-cni").configuration_values)).toMatchObject({ enableNetworkPolicy: "true" });
  });

  it("give the VPC CNI (aws-node) its AWS permissions through Pod Identity", () => {
    const [association] = addon(dev, "vpc-cni").pod_identity_association;
    expect(association.service_account).toBe("aws-node");
    const roleId = /^\$\{aws_iam_role\.([\w-]+)\.arn\}$/.exec(association.role_arn)![1]!;
    expect(attachedPolicies(dev, roleId)).toEqual(["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]);
  });

  it("give the EBS CSI controller a Pod Identity role carrying the AWS-managed EBS CSI policy", () => {
    const [association] = addon(dev, "aws-ebs-csi-driver").pod_identity_association;
    expect(association.service_account).toBe("ebs-csi-controller-sa");
    const roleId = /^\$\{aws_iam_role\.([\w-]+)\.arn\}$/.exec(association.role_arn)![1]!;
    expect(attachedPolicies(dev, roleId)).toEqual(["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"]);
    const trust = policyDocument(dev.resource.aws_iam_role![roleId].assume_role_policy).Statement;
    expect(trust).toEqual([
      expect.objectContaining({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }),
    ]);
  });

  it("install coredns and the EBS CSI driver after the node groups, where their pods can schedule", () => {
    const [groupId] = resourcesOf(dev, "aws_eks_node_group")[0]!;
    for (const name of ["coredns", "aws-ebs-csi-driver"]) expect(addon(dev, name).depends_on).toContain(`aws_eks_node_group.${groupId}`);
  });

  it("use the version pinned in config", () => {
    expect(variantText).toHaveResourceWithProperties(EksAddon, { addon_name: "coredns", addon_version: "v1.11.4-eksbuild.2" });
  });

  it("look the default version up only for the add-ons config does not pin", () => {
    const lookups = dataSourcesOf(variant, "aws_eks_addon_version").map(([, d]) => d.addon_name);
    expect(lookups.sort()).toEqual(["aws-ebs-csi-driver", "eks-pod-identity-agent", "kube-proxy", "snapshot-controller", "vpc-cni"]);
  });

  it.each(["aws-ebs-csi-driver", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"])(
    "use the default %s version for the cluster's Kubernetes version, not the most recent",
    (name) => {
      expect(variantText).toHaveDataSourceWithProperties(DataAwsEksAddonVersion, { addon_name: name, kubernetes_version: "1.32", most_recent: false });
    },
  );

  it("belong to the cluster", () => {
    for (const [, a] of resourcesOf(dev, "aws_eks_addon")) expect(a.cluster_name).toBe(ref("aws_eks_cluster", eksName(dev), "name"));
  });
});

describe("the node role", () => {
  const [nodeRoleId] = roleByName(dev, "coinstacks-dev-node");

  it("is trusted by EC2 only", () => {
    const trust = policyDocument(dev.resource.aws_iam_role![nodeRoleId].assume_role_policy).Statement;
    expect(trust).toEqual([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
  });

  it("has ONLY AmazonEKSWorkerNodePolicy and AmazonEC2ContainerRegistryPullOnly", () => {
    expect(attachedPolicies(dev, nodeRoleId)).toEqual([
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    ]);
  });

  it("has no inline policy", () => {
    const inline = resourcesOf(dev, "aws_iam_role_policy").filter(([, p]) => p.role === ref("aws_iam_role", nodeRoleId, "id") || p.role === ref("aws_iam_role", nodeRoleId, "name"));
    expect(inline).toEqual([]);
  });

  it("is the role every node group uses", () => {
    for (const [, group] of resourcesOf(prod, "aws_eks_node_group")) {
      expect(group.node_role_arn).toBe(ref("aws_iam_role", roleByName(prod, "coinstacks-prod-node")[0], "arn"));
    }
  });
});

describe("the AWS provider of the cluster stack", () => {
  it("may touch only the environment's account, in its region, tagging everything", () => {
    expect(dev.provider!.aws).toEqual([
      {
        region: "us-east-2",
        allowed_account_ids: ["111111111111"],
        default_tags: [{ tags: { Environment: "dev", Stack: "dev-cluster", ManagedBy: "cdktf", Project: "coinstacks" } }],
      },
    ]);
  });

  it("is the prebuilt hashicorp/aws 6.25.0 binding", () => {
    expect(dev.terraform.required_providers.aws).toEqual({ source: "aws", version: "6.25.0" });
  });
});

describe("the EKS cluster role", () => {
  const role = resourcesOf(dev, "aws_iam_role").find(([, r]) => r.name === "coinstacks-dev-cluster")!;
  const secretsKey = resourcesOf(dev, "aws_kms_key").find(([, k]) => k.description.startsWith("EKS secrets"))!;
  const grant = resourcesOf(dev, "aws_iam_role_policy").find(([, p]) => p.role === ref("aws_iam_role", role[0], "id"))!;

  it("may use the secrets key, and only that key, for envelope encryption", () => {
    expect(policyDocument(grant[1].policy).Statement).toEqual([
      { Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: ref("aws_kms_key", secretsKey[0], "arn") },
    ]);
  });
  it("has that grant before the cluster is created", () => {
    expect(onlyResource(dev, "aws_eks_cluster").depends_on).toContain(`aws_iam_role_policy.${grant[0]}`);
  });
});
