import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Construct } from "constructs";
import { platformLabels, platformNames } from "../../core/names";
import { VOLUME_TAGS } from "../../core/volume-tags";

export interface EbsSnapshotClassProps {
  /** The environment the snapshots belong to, tagged on each. */
  readonly environment: string;
}

/**
 * The VolumeSnapshotClass of EBS snapshots (CRD and controller: the cluster's
 * `snapshot-controller` add-on). Retain: deleting a VolumeSnapshot never
 * deletes the EBS snapshot behind it. A snapshot is encrypted with its
 * volume's key, the cluster's customer-managed volumes key, so it can be
 * copied to another region or shared with another account. Each snapshot is
 * tagged with its environment, namespace and VolumeSnapshot name.
 */
export class EbsSnapshotClass extends Construct {
  readonly manifest: Manifest;

  constructor(scope: Construct, id: string, props: EbsSnapshotClassProps) {
    super(scope, id);
    this.manifest = new Manifest(this, "snapshot-class", {
      manifest: {
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshotClass",
        metadata: {
          name: platformNames.ebsSnapshotClass,
          labels: platformLabels("ebs-snapshot-class"),
          annotations: { "snapshot.storage.kubernetes.io/is-default-class": "true" },
        },
        driver: "ebs.csi.aws.com",
        deletionPolicy: "Retain",
        parameters: {
          tagSpecification_1: `${VOLUME_TAGS.environment}=${props.environment}`,
          tagSpecification_2: `${VOLUME_TAGS.namespace}={{ .VolumeSnapshotNamespace }}`,
          tagSpecification_3: `coinstacks.io/snapshot={{ .VolumeSnapshotName }}`,
        },
      },
    });
  }
}
