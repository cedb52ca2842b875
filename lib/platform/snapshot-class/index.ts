import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Construct } from "constructs";
import { platformLabels, platformNames } from "../../core/names";
import { VOLUME_TAGS } from "../../core/volume-tags";

export interface EbsSnapshotClassProps {
  /** The environment the snapshots belong to, tagged on each. */
  readonly environment: string;
}

/**
 * The VolumeSnapshotClasses of EBS snapshots (CRD and controller: the cluster's `snapshot-controller`
 * add-on). A snapshot is encrypted with its volume's key, the cluster's customer-managed volumes key,
 * so it can be copied to another region or shared with another account, and tagged with its
 * environment, namespace and VolumeSnapshot name.
 * - `ebs-retain`, the default: deleting a VolumeSnapshot never deletes the EBS snapshot behind it
 *   (volume operations' snapshots).
 * - `ebs-scheduled`: deleting the VolumeSnapshot deletes the EBS snapshot, for the quiesced backups,
 *   whose CronJob keeps each for its retention and then deletes it.
 */
export class EbsSnapshotClass extends Construct {
  readonly manifest: Manifest;
  readonly scheduled: Manifest;

  constructor(scope: Construct, id: string, props: EbsSnapshotClassProps) {
    super(scope, id);
    this.manifest = new Manifest(this, "snapshot-class", { manifest: snapshotClass(platformNames.ebsSnapshotClass, "Retain", props.environment, true) });
    this.scheduled = new Manifest(this, "scheduled-snapshot-class", { manifest: snapshotClass(platformNames.ebsScheduledSnapshotClass, "Delete", props.environment, false) });
  }
}

function snapshotClass(name: string, deletionPolicy: "Retain" | "Delete", environment: string, isDefault: boolean) {
  return {
    apiVersion: "snapshot.storage.k8s.io/v1",
    kind: "VolumeSnapshotClass",
    metadata: {
      name,
      labels: platformLabels("ebs-snapshot-class"),
      ...(isDefault ? { annotations: { "snapshot.storage.kubernetes.io/is-default-class": "true" } } : {}),
    },
    driver: "ebs.csi.aws.com",
    deletionPolicy,
    parameters: {
      tagSpecification_1: `${VOLUME_TAGS.environment}=${environment}`,
      tagSpecification_2: `${VOLUME_TAGS.namespace}={{ .VolumeSnapshotNamespace }}`,
      tagSpecification_3: `coinstacks.io/snapshot={{ .VolumeSnapshotName }}`,
    },
  };
}
