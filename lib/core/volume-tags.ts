/**
 * AWS tags of every chain volume (the StorageClass sets them, the EBS CSI driver fills in the
 * claim's namespace and name) and of its snapshots: backups choose a service's volumes by them.
 */
export const VOLUME_TAGS = {
  environment: "coinstacks.io/environment",
  namespace: "coinstacks.io/namespace",
  claim: "coinstacks.io/claim",
} as const;

/**
 * Annotations of the Job that replaces one ordinal's claim (coins.<coin>.volumeOperations): the
 * plan gate lists a created Job carrying them as an approved claim replacement, with its reason.
 */
export const CLAIM_REPLACEMENT_ANNOTATIONS = { claim: "coinstacks.io/replaces-claim", reason: "coinstacks.io/replacement-reason" } as const;
