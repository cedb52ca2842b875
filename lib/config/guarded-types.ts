/**
 * The resource types the replacement guard and the plan gate cover: those that hold a chain's data
 * or an identity (lib/policy/replacement.ts says which of their changes replace them). Named here
 * without loading that table, so the config schema can validate `policy.approvedReplacements`; a
 * test keeps this list equal to the table's types.
 */
export const GUARDED_TYPES = [
  "kubernetes_stateful_set_v1",
  "kubernetes_persistent_volume_v1",
  "kubernetes_persistent_volume_claim_v1",
  "kubernetes_storage_class_v1",
  "kubernetes_namespace_v1",
  "aws_s3_bucket",
  "aws_eks_cluster",
  "aws_ebs_volume",
  "aws_backup_vault",
  "aws_kms_key",
  "aws_eks_node_group",
  "aws_iam_role",
  "aws_eks_access_entry",
  "aws_eks_pod_identity_association",
  "kubernetes_secret_v1",
  "random_password",
  "random_id",
  "random_string",
  "random_bytes",
  "random_integer",
  "random_uuid",
  "random_pet",
  "random_shuffle",
] as const;
