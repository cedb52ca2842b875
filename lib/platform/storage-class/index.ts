import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Construct } from "constructs";
import { platformLabels } from "../../core/names";
import { VOLUME_TAGS } from "../../core/volume-tags";


export interface Gp3StorageClassProps {
  /** @default "gp3" */
  readonly name?: string;
  /** Mark the class as the cluster default. @default true */
  readonly isDefault?: boolean;
  /** The environment the volumes belong to, tagged on each. */
  readonly environment: string;
  /**
   * Customer-managed KMS key (ARN) the volumes, and so their snapshots, are encrypted with.
   * @default the account's AWS-managed aws/ebs key (snapshots can then be neither shared nor copied to another account)
   */
  readonly kmsKeyArn?: string;
}

/** Parameters of the class; changing them needs a new class, so the replacement guard watches them. */
export const GP3_PARAMETERS = { type: "gp3", encrypted: "true", fsType: "ext4" } as const;

/**
 * The class chain data lives on: EBS gp3, encrypted, Retain (deleting a claim
 * never deletes terabytes of synced chain), bound where the pod lands (EBS
 * volumes are zonal), and expandable in place. Each volume is tagged with its
 * environment, namespace and claim (the EBS CSI driver fills the templates in
 * from the claim: docs/tagging.md of aws-ebs-csi-driver).
 */
export class Gp3StorageClass extends Construct {
  readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: Gp3StorageClassProps) {
    super(scope, id);
    this.storageClass = new StorageClassV1(this, "storage-class", {
      metadata: {
        name: props.name ?? "gp3",
        labels: platformLabels("gp3-storage-class"),
        annotations: { "storageclass.kubernetes.io/is-default-class": String(props.isDefault ?? true) },
      },
      storageProvisioner: "ebs.csi.aws.com",
      parameters: {
        ...GP3_PARAMETERS,
        ...(props.kmsKeyArn ? { kmsKeyId: props.kmsKeyArn } : {}),
        tagSpecification_1: `${VOLUME_TAGS.environment}=${props.environment}`,
        tagSpecification_2: `${VOLUME_TAGS.namespace}={{ .PVCNamespace }}`,
        tagSpecification_3: `${VOLUME_TAGS.claim}={{ .PVCName }}`,
      },
      reclaimPolicy: "Retain",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
      lifecycle: { preventDestroy: true },
    });
  }
}
