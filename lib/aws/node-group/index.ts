import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { NodeGroupConfig } from "../../config/schema";
import { awsNames } from "../../core/names";

/** Kubernetes' spelling of EKS taint effects. */
const TAINT_EFFECTS: Record<NodeGroupConfig["taints"][number]["effect"], string> = {
  NO_SCHEDULE: "NoSchedule",
  NO_EXECUTE: "NoExecute",
  PREFER_NO_SCHEDULE: "PreferNoSchedule",
};

export interface NodeToleration {
  readonly key: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect: string;
}

/** The tolerations a pod needs to run on nodes with these taints (each taint once). */
export function tolerationsOf(taints: readonly NodeGroupConfig["taints"][number][]): NodeToleration[] {
  const seen = new Map<string, NodeToleration>();
  for (const taint of taints) {
    const toleration: NodeToleration =
      taint.value === undefined
        ? { key: taint.key, operator: "Exists", effect: TAINT_EFFECTS[taint.effect] }
        : { key: taint.key, operator: "Equal", value: taint.value, effect: TAINT_EFFECTS[taint.effect] };
    seen.set(JSON.stringify(toleration), toleration);
  }
  return [...seen.values()];
}

export interface ManagedNodeGroupProps {
  readonly clusterName: string;
  readonly nodeRoleArn: string;
  readonly subnetIds: string[];
  readonly group: NodeGroupConfig;
  /** Prefix of the group's name (`awsNames.nodeGroupPrefix`); EKS appends a unique suffix. */
  readonly namePrefix: string;
  /** The control plane's version; the nodes follow it (EKS allows nodes at most at the control plane's minor). */
  readonly kubernetesVersion: string;
  /** Resources the nodes need before they join (CNI and Pod Identity agent add-ons). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A managed node group launched from its own template: IMDSv2 only with a hop
 * limit of 1 (pods cannot reach the node's credentials), encrypted gp3 root volume.
 *
 * Instance types, capacity type, AMI type, subnets and the node role force a new
 * group (aws provider internal/service/eks/node_group.go). The group therefore has a
 * generated name (prefix) and is created before the old one is destroyed, so the
 * pods have somewhere to go while the old nodes drain; the plan gate still asks
 * for an approval of that replacement (README "Node groups and upgrades").
 *
 * The template names no image: EKS picks the AMI of `amiType` for `version`, the
 * latest release when the group is created or its version changes.
 */
export class ManagedNodeGroup extends Construct {
  readonly nodeGroup: EksNodeGroup;
  readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const { group } = props;
    const name = awsNames.nodeGroup(props.clusterName, group.name);
    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      name,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: group.amiType.startsWith("BOTTLEROCKET") ? "/dev/xvdb" : "/dev/xvda",
          ebs: {
            volumeType: "gp3",
            volumeSize: group.rootVolumeGiB,
            encrypted: "true",
            deleteOnTermination: "true",
          },
        },
      ],
      tagSpecifications: [
        { resourceType: "instance", tags: { Name: name } },
        { resourceType: "volume", tags: { Name: name } },
      ],
    });
    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: props.clusterName,
      nodeGroupNamePrefix: props.namePrefix,
      version: props.kubernetesVersion,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: props.subnetIds,
      amiType: group.amiType,
      capacityType: group.capacityType,
      instanceTypes: group.instanceTypes,
      scalingConfig: { minSize: group.minSize, maxSize: group.maxSize, desiredSize: group.desiredSize },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: this.launchTemplate.id, version: `${this.launchTemplate.latestVersion}` },
      labels: group.labels,
      taint: group.taints.map((taint) => ({ key: taint.key, value: taint.value, effect: taint.effect })),
      // A cluster autoscaler owns the current size once the group exists.
      lifecycle: { createBeforeDestroy: true, ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: props.dependsOn,
    });
  }
}
