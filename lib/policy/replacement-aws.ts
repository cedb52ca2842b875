/**
 * The AWS rows of the data-bearing replacement table (lib/policy/replacement.ts): which changes
 * make terraform-provider-aws 6.x (bound by @cdktf/provider-aws 21.x) replace a resource that
 * holds chain data or an identity, read from the files cited per type.
 */
import type { DataBearingType } from "./replacement";

const present = (value: unknown): boolean =>
  value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

export const AWS_DATA_BEARING_TYPES: readonly DataBearingType[] = [
  {
    type: "aws_s3_bucket",
    holds: "Terraform state of the environment (a new bucket starts empty)",
    source: "terraform-provider-aws internal/service/s3/bucket.go (bucket, bucket_prefix, object_lock_enabled are ForceNew)",
    rules: [{ path: "bucket" }, { path: "bucket_prefix" }, { path: "object_lock_enabled" }],
  },
  {
    type: "aws_eks_cluster",
    holds: "the cluster and every workload on it (a new cluster has a new endpoint, CA and OIDC issuer)",
    source:
      "terraform-provider-aws internal/service/eks/cluster.go (name, role_arn, bootstrap_self_managed_addons, " +
      "access_config.bootstrap_cluster_creator_admin_permissions, kubernetes_network_config.ip_family/service_ipv4_cidr, " +
      "outpost_config, remote_network_config are ForceNew; CustomizeDiff forces a new cluster when encryption_config is removed). " +
      "vpc_config.subnet_ids and security_group_ids are updated in place since provider 5.25.0 (UpdateClusterConfig)",
    rules: [
      { path: "name" },
      { path: "role_arn" },
      { path: "bootstrap_self_managed_addons" },
      { path: "access_config.bootstrap_cluster_creator_admin_permissions" },
      { path: "kubernetes_network_config.ip_family" },
      { path: "kubernetes_network_config.service_ipv4_cidr" },
      { path: "outpost_config" },
      { path: "remote_network_config" },
      {
        path: "encryption_config",
        when: (before, after) => present(before) && !present(after),
        reason: "envelope encryption cannot be disabled: removing encryption_config forces a new cluster",
      },
      {
        path: "vpc_config.subnet_ids",
        severity: "caution",
        reason:
          "updated in place, but EKS only accepts subnets of the cluster's VPC in its original AZs; a subnet that is replaced or " +
          "removed while the control plane uses it fails the update or cuts the cluster off",
      },
      {
        path: "vpc_config.security_group_ids",
        severity: "caution",
        reason: "updated in place; a wrong group cuts nodes off from the control plane",
      },
    ],
  },
  {
    type: "aws_ebs_volume",
    holds: "a chain volume made from a snapshot (coins.<coin>.volumeOperations): its data, and whatever the pod wrote since",
    source:
      "terraform-provider-aws internal/service/ec2/ebs_volume.go (availability_zone, encrypted, kms_key_id, " +
      "multi_attach_enabled, outpost_arn and snapshot_id are ForceNew)",
    rules: [
      { path: "availability_zone" },
      { path: "encrypted" },
      { path: "kms_key_id" },
      { path: "multi_attach_enabled" },
      { path: "outpost_arn" },
      { path: "snapshot_id" },
    ],
  },
  {
    type: "aws_backup_vault",
    holds: "the chain volume snapshots of the environment (a vault with recovery points cannot be deleted; its replacement fails after planning)",
    source: "terraform-provider-aws internal/service/backup/vault.go (name and kms_key_arn are ForceNew)",
    rules: [{ path: "name" }, { path: "kms_key_arn" }],
  },
  {
    type: "aws_kms_key",
    holds: "everything encrypted with the key: state objects, EKS secrets, logs (unreadable once the old key is deleted)",
    source:
      "terraform-provider-aws internal/service/kms/key.go (customer_master_key_spec, key_usage, multi_region, " +
      "custom_key_store_id, xks_key_id are ForceNew; destroy schedules deletion)",
    rules: [
      { path: "customer_master_key_spec" },
      { path: "key_usage" },
      { path: "multi_region" },
      { path: "custom_key_store_id" },
      { path: "xks_key_id" },
    ],
  },
  {
    type: "aws_eks_node_group",
    holds: "the nodes the chain pods run on (a replacement drains every pod of the group and reschedules it)",
    source:
      "terraform-provider-aws internal/service/eks/node_group.go (ami_type, capacity_type, cluster_name, disk_size, instance_types, " +
      "launch_template.id/name, node_group_name, node_group_name_prefix, node_role_arn, remote_access, subnet_ids are ForceNew; " +
      "version, release_version, launch_template.version, labels, taint, scaling_config and update_config are updated in place)",
    rules: [
      { path: "ami_type" },
      { path: "capacity_type" },
      { path: "cluster_name" },
      { path: "disk_size" },
      { path: "instance_types" },
      { path: "launch_template.id" },
      { path: "launch_template.name" },
      { path: "node_group_name" },
      { path: "node_group_name_prefix" },
      { path: "node_role_arn" },
      { path: "remote_access" },
      { path: "subnet_ids" },
    ],
  },
  {
    type: "aws_iam_role",
    holds: "an identity other resources trust by ARN (node role, Pod Identity roles): a new role has a new unique id, and access entries or trust policies naming the old one stop working until updated",
    source: "terraform-provider-aws internal/service/iam/role.go (name, name_prefix, path are ForceNew)",
    rules: [{ path: "name" }, { path: "name_prefix" }, { path: "path" }],
  },
  {
    type: "aws_eks_access_entry",
    holds: "a principal's access to the cluster (the deploy role's own entry among them: between destroy and create it is locked out)",
    source: "terraform-provider-aws internal/service/eks/access_entry.go (cluster_name, principal_arn, type are ForceNew)",
    rules: [{ path: "cluster_name" }, { path: "principal_arn" }, { path: "type" }],
  },
  {
    type: "aws_eks_pod_identity_association",
    holds: "a workload's AWS credentials (EBS CSI, VPC CNI, cert-manager, external-dns): none between destroy and create",
    source: "terraform-provider-aws internal/service/eks/pod_identity_association.go (cluster_name, namespace, service_account RequiresReplace)",
    rules: [{ path: "cluster_name" }, { path: "namespace" }, { path: "service_account" }],
  },
];
