/**
 * AWS tags of every chain volume (the StorageClass sets them, the EBS CSI driver fills in the
 * claim's namespace and name) and of its snapshots: backups choose a service's volumes by them.
 */
export const VOLUME_TAGS = {
  environment: "coinstacks.io/environment",
  namespace: "coinstacks.io/namespace",
  claim: "coinstacks.io/claim",
} as const;
