import { PersistentVolumeV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-v1";
import { Construct } from "constructs";
import type { ResolvedCoinstack, ResolvedVolumeOperation } from "../resolve";

/** The EBS CSI driver, which attaches and mounts the volume like the ones it provisions. */
const EBS_CSI_DRIVER = "ebs.csi.aws.com";

export interface SnapshotVolumeProps {
  readonly coinstack: ResolvedCoinstack;
  readonly operation: ResolvedVolumeOperation & { readonly fromSnapshot: NonNullable<ResolvedVolumeOperation["fromSnapshot"]> };
  readonly namespace: string;
  /** The EBS volume made from the snapshot (the coin stack's aws_ebs_volume). */
  readonly volumeHandle: string;
}

/**
 * The PersistentVolume of an EBS volume made from a snapshot, reserved for one ordinal's claim
 * (`claimRef` by name): whoever creates that claim next, Terraform for a new ordinal or the
 * StatefulSet controller after a replacement, it binds to this volume and not to a new one. Retain:
 * deleting the claim later keeps the volume.
 */
export class SnapshotVolume extends Construct {
  readonly volume: PersistentVolumeV1;
  /** The PersistentVolume's name, as text (the Job compares the claim's volume with it). */
  readonly name: string;

  constructor(scope: Construct, id: string, props: SnapshotVolumeProps) {
    super(scope, id);
    const { coinstack, operation } = props;
    const { snapshot, zone } = operation.fromSnapshot;
    this.name = coinstack.names.snapshotVolume(operation.claim, snapshot);
    this.volume = new PersistentVolumeV1(this, "volume", {
      metadata: {
        name: this.name,
        labels: { ...coinstack.names.labels, "app.kubernetes.io/component": operation.service.name },
      },
      spec: [{
        capacity: { storage: operation.service.storage.size },
        accessModes: ["ReadWriteOnce"],
        persistentVolumeReclaimPolicy: "Retain",
        storageClassName: coinstack.storageClassName,
        volumeMode: "Filesystem",
        claimRef: { namespace: props.namespace, name: operation.claim },
        nodeAffinity: {
          required: { nodeSelectorTerm: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: [zone] }] }] },
        },
        persistentVolumeSource: { csi: { driver: EBS_CSI_DRIVER, volumeHandle: props.volumeHandle, fsType: "ext4" } },
      }],
      lifecycle: { preventDestroy: true },
    });
  }
}
