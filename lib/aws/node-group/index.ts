import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { NodeGroupConfig } from "../../config/schema";
import { awsNames } from "../../core/names";

export interface ManagedNodeGroupProps {
  readonly clusterName: string;
  readonly nodeRoleArn: string;
  readonly subnetIds: string[];
  readonly group: NodeGroupConfig;
  /** Resources the nodes need before they join (CNI and Pod Identity agent add-ons). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A managed node group launched from its own template: IMDSv2 only with a hop
 * limit of 1 (pods cannot reach the node's credentials), encrypted gp3 root volume.
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
      nodeGroupName: name,
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
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: props.dependsOn,
    });
  }
}
