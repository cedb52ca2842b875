import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Construct } from "constructs";
import { platformLabels } from "../../core/names";

export interface Gp3StorageClassProps {
  /** @default "gp3" */
  readonly name?: string;
  /** Mark the class as the cluster default. @default true */
  readonly isDefault?: boolean;
}

/** Parameters of the class; changing them needs a new class, so the replacement guard watches them. */
export const GP3_PARAMETERS = { type: "gp3", encrypted: "true", fsType: "ext4" } as const;

/**
 * The class chain data lives on: EBS gp3, encrypted, Retain (deleting a claim
 * never deletes terabytes of synced chain), bound where the pod lands (EBS
 * volumes are zonal), and expandable in place.
 */
export class Gp3StorageClass extends Construct {
  readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: Gp3StorageClassProps = {}) {
    super(scope, id);
    this.storageClass = new StorageClassV1(this, "storage-class", {
      metadata: {
        name: props.name ?? "gp3",
        labels: platformLabels("gp3-storage-class"),
        annotations: { "storageclass.kubernetes.io/is-default-class": String(props.isDefault ?? true) },
      },
      storageProvisioner: "ebs.csi.aws.com",
      parameters: { ...GP3_PARAMETERS },
      reclaimPolicy: "Retain",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
      lifecycle: { preventDestroy: true },
    });
  }
}
