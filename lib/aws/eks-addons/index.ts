import { DataAwsEksAddonVersion } from "@cdktf/provider-aws/lib/data-aws-eks-addon-version";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { awsNames } from "../../core/names";
import { encryptedVolumeKeyUse } from "../kms-key";
import { type PodIdentityCluster, PodIdentityRole } from "../pod-identity-role";
import { terraformJson } from "../../core/terraform-text";

export type AddonName = "vpc-cni" | "eks-pod-identity-agent" | "kube-proxy" | "coredns" | "aws-ebs-csi-driver" | "snapshot-controller";

export const CNI_POLICY_ARN = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy";
export const EBS_CSI_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy";

/** Service accounts of the add-ons that call AWS; their roles trust exactly these (the add-ons' own names, in kube-system). */
export const ADDON_SERVICE_ACCOUNTS = {
  "vpc-cni": { namespace: "kube-system", name: "aws-node" },
  "aws-ebs-csi-driver": { namespace: "kube-system", name: "ebs-csi-controller-sa" },
} as const;

/** Configuration of each add-on; JSON-encoded into `configuration_values`. */
export const ADDON_CONFIGURATION: Partial<Record<AddonName, object>> = {
  // The network-policy agent is off by default: without it NetworkPolicies are accepted and ignored.
  "vpc-cni": { enableNetworkPolicy: "true" },
  // Lets a changed ebs.csi.aws.com/iops or /throughput annotation on a PVC modify the volume in place.
  "aws-ebs-csi-driver": { controller: { volumeModificationFeature: { enabled: true } } },
};

export interface EksAddonsProps {
  /** The cluster resource's name (a reference, so the add-ons wait for the cluster). */
  readonly clusterName: string;
  /** The same cluster as plain values, for the Pod Identity trust policies (account, region, cluster ARN). */
  readonly cluster: PodIdentityCluster;
  readonly kubernetesVersion: string;
  /** Pinned versions; others get the default version for kubernetesVersion. @default {} */
  readonly versions?: Partial<Record<AddonName, string>>;
  /** The customer-managed key of the data volumes: the EBS CSI driver may create, attach and snapshot volumes with it. */
  readonly volumesKeyArn: string;
}

/**
 * The cluster's EKS-managed add-ons, in two phases: networking and identity
 * before the nodes (nodes cannot become Ready without them), workloads that
 * need nodes to schedule after them. AWS permissions go through Pod Identity.
 */
export class EksAddons extends Construct {
  /** Add-ons the node groups must wait for. */
  readonly beforeCompute: EksAddon[];
  private readonly props: EksAddonsProps;

  constructor(scope: Construct, id: string, props: EksAddonsProps) {
    super(scope, id);
    this.props = props;
    const cniRole = new PodIdentityRole(this, "vpc-cni-role", {
      roleName: awsNames.podIdentityRole(props.clusterName, "vpc-cni"),
      cluster: props.cluster,
      serviceAccount: ADDON_SERVICE_ACCOUNTS["vpc-cni"],
      managedPolicyArns: [CNI_POLICY_ARN],
      associate: false,
    });
    this.beforeCompute = [
      this.addon("eks-pod-identity-agent"),
      this.addon("vpc-cni", { roleArn: cniRole.role.arn, serviceAccount: ADDON_SERVICE_ACCOUNTS["vpc-cni"].name }),
      this.addon("kube-proxy"),
    ];
  }

  /** Adds the add-ons whose pods need nodes; call after the node groups exist. */
  addAfterCompute(nodeGroups: ITerraformDependable[]): EksAddon[] {
    const ebsRole = new PodIdentityRole(this, "ebs-csi-role", {
      roleName: awsNames.podIdentityRole(this.props.clusterName, "ebs-csi"),
      cluster: this.props.cluster,
      serviceAccount: ADDON_SERVICE_ACCOUNTS["aws-ebs-csi-driver"],
      managedPolicyArns: [EBS_CSI_POLICY_ARN],
      statements: encryptedVolumeKeyUse([this.props.volumesKeyArn]),
      associate: false,
    });
    return [
      this.addon("coredns", undefined, nodeGroups),
      this.addon(
        "aws-ebs-csi-driver",
        { roleArn: ebsRole.role.arn, serviceAccount: ADDON_SERVICE_ACCOUNTS["aws-ebs-csi-driver"].name },
        nodeGroups,
      ),
      // The VolumeSnapshot CRDs and their controller: the platform's VolumeSnapshotClass and restores need them.
      this.addon("snapshot-controller", undefined, nodeGroups),
    ];
  }

  private addon(
    name: AddonName,
    podIdentity?: { roleArn: string; serviceAccount: string },
    dependsOn?: ITerraformDependable[],
  ): EksAddon {
    const pinned = this.props.versions?.[name];
    const version =
      pinned ??
      new DataAwsEksAddonVersion(this, `${name}-version`, {
        addonName: name,
        kubernetesVersion: this.props.kubernetesVersion,
        mostRecent: false,
      }).version;
    const configuration = ADDON_CONFIGURATION[name];
    return new EksAddon(this, name, {
      clusterName: this.props.clusterName,
      addonName: name,
      addonVersion: version,
      configurationValues: configuration ? terraformJson(configuration) : undefined,
      podIdentityAssociation: podIdentity ? [podIdentity] : undefined,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "PRESERVE",
      dependsOn,
    });
  }
}
