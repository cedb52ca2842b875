import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Construct } from "constructs";
import { parseQuantity } from "../../config/quantity";
import { awsNames } from "../../core/names";
import { VOLUME_TAGS } from "../../core/volume-tags";

export interface VolumeFromSnapshotProps {
  readonly clusterName: string;
  readonly region: string;
  readonly accountId: string;
  readonly environment: string;
  readonly namespace: string;
  /** The claim the volume is for: tagged like the volumes the StorageClass makes, so backups select it too. */
  readonly claim: string;
  readonly snapshot: string;
  readonly zone: string;
  /** MiB/s of EBS's provisioned initialization; undefined: blocks load from S3 as they are first read. */
  readonly initializationRate?: number;
  /** The service's configured volume size (a Kubernetes quantity) and gp3 performance. */
  readonly size: string;
  readonly iops?: number;
  readonly throughput?: number;
}

/** GiB, rounded up: EBS sizes volumes in whole GiB. */
export function gibOf(size: string): number {
  return Math.ceil((parseQuantity(size) ?? 0) / 2 ** 30);
}

/**
 * An EBS volume made from a snapshot for one claim: gp3, encrypted with the environment's volumes
 * key, tagged like the volumes the StorageClass makes. Terraform creates it and never destroys it
 * (prevent_destroy); after that the cluster owns it: the claim's size and IOPS/throughput
 * annotations modify it through the EBS CSI driver, so Terraform ignores those fields (and the
 * key, which EC2 reports by its ARN, not the alias given here, and the initialization rate, which
 * only applies while the volume is created).
 */
export class VolumeFromSnapshot extends Construct {
  readonly volume: EbsVolume;

  constructor(scope: Construct, id: string, props: VolumeFromSnapshotProps) {
    super(scope, id);
    this.volume = new EbsVolume(this, "volume", {
      availabilityZone: props.zone,
      snapshotId: props.snapshot,
      volumeInitializationRate: props.initializationRate,
      size: gibOf(props.size),
      type: "gp3",
      iops: props.iops,
      throughput: props.throughput,
      encrypted: true,
      kmsKeyId: `arn:aws:kms:${props.region}:${props.accountId}:${awsNames.volumesKeyAlias(props.clusterName)}`,
      tags: {
        Name: props.claim,
        [VOLUME_TAGS.environment]: props.environment,
        [VOLUME_TAGS.namespace]: props.namespace,
        [VOLUME_TAGS.claim]: props.claim,
        "coinstacks.io/snapshot": props.snapshot,
      },
      lifecycle: { preventDestroy: true, ignoreChanges: ["size", "iops", "throughput", "type", "kms_key_id", "volume_initialization_rate"] },
    });
  }
}
