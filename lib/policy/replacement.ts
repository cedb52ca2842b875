/**
 * Which changes to a data-bearing resource make Terraform replace it (destroy,
 * then create), read from the providers' own schemas. One table, shared by the
 * credential-free synth diff (`npm run synth:diff`), the PR plan summary and the
 * guardrails that refuse such changes.
 *
 * Paths are attribute paths as they appear in the synthesized JSON with the
 * list indices of nested blocks dropped: `spec.service_name` matches
 * `spec[0].service_name` and `spec.service_name` alike.
 *
 * Sources (hashicorp/terraform-provider-kubernetes, the v2 provider that
 * @cdktf/provider-kubernetes 12.x binds; hashicorp/terraform-provider-aws 6.x,
 * bound by @cdktf/provider-aws 21.x): the `ForceNew: true` attributes and the
 * `CustomizeDiff` functions that call `ForceNew` in the files cited per type.
 * When a provider is upgraded, re-read those files and update this table.
 */
import { parseQuantity } from "../config/quantity";
import { overlaps, valueAt } from "./attribute-paths";

/**
 * `replace`: the provider schema forces replacement.
 * `caution`: updated in place, but the change can still take the data or the
 * service down (the reason says how); shown in red, never fails a build alone.
 */
export type Severity = "replace" | "caution";

export interface ReplacementRule {
  /** Attribute path, block indices dropped, dot-separated. */
  readonly path: string;
  /** Only when this holds for the values before and after (e.g. a claim shrinking). */
  readonly when?: (before: unknown, after: unknown) => boolean;
  /** @default "replace" */
  readonly severity?: Severity;
  /** Shown next to the path; defaults to "forces replacement". */
  readonly reason?: string;
}

export interface DataBearingType {
  readonly type: string;
  /** What is lost or interrupted when it is destroyed. */
  readonly holds: string;
  /** Where the rules come from. */
  readonly source: string;
  readonly rules: readonly ReplacementRule[];
  /**
   * Every argument forces replacement (the random provider's resources): a change anywhere
   * is a replacement, and the replacement record keeps every argument.
   * @default false
   */
  readonly everyArgument?: boolean;
}

/** `metadata` block of namespaced objects: `namespacedMetadataSchema` in kubernetes/schema_metadata.go. */
const NAMESPACED_METADATA: readonly ReplacementRule[] = [
  { path: "metadata.name" },
  { path: "metadata.namespace" },
  { path: "metadata.generate_name" },
];

/** `metadata` block of cluster-scoped objects: `metadataSchema` in kubernetes/schema_metadata.go. */
const CLUSTER_METADATA: readonly ReplacementRule[] = [{ path: "metadata.name" }, { path: "metadata.generate_name" }];

const quantity = (value: unknown): number | undefined => (typeof value === "string" ? parseQuantity(value) : undefined);

/** True when a storage request got smaller (or became unparseable, which we treat as unsafe). */
function storageShrinks(before: unknown, after: unknown): boolean {
  const old = quantity(before);
  const next = quantity(after);
  if (old === undefined || next === undefined) return before !== undefined && after !== before;
  return next < old;
}

const present = (value: unknown): boolean =>
  value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

export const DATA_BEARING_TYPES: readonly DataBearingType[] = [
  {
    type: "kubernetes_stateful_set_v1",
    holds: "the coin's daemon and indexer pods (claims are Retain, but every pod is deleted and prevent_destroy blocks the apply)",
    source:
      "terraform-provider-kubernetes kubernetes/schema_stateful_set_spec.go (statefulSetSpecFields: pod_management_policy, " +
      "revision_history_limit, selector, service_name, volume_claim_template are ForceNew) and kubernetes/schema_metadata.go",
    rules: [
      ...NAMESPACED_METADATA,
      { path: "spec.selector" },
      { path: "spec.service_name" },
      { path: "spec.pod_management_policy" },
      { path: "spec.revision_history_limit" },
      // This project freezes the templates and ignores them (lifecycle.ignore_changes), so in practice a
      // change here is ignored; the synth diff honours ignore_changes before applying this rule.
      { path: "spec.volume_claim_template" },
      {
        path: "spec.template",
        severity: "caution",
        reason: "updated in place, but every pod restarts: a rolling update from the highest ordinal down to updatePartition, each pod syncing again from where it stopped",
      },
    ],
  },
  {
    type: "kubernetes_persistent_volume_claim_v1",
    holds: "a synced chain volume (the EBS volume survives only through the Retain reclaim policy, unbound)",
    source:
      "terraform-provider-kubernetes kubernetes/schema_persistent_volume_claim.go (access_modes, selector, volume_name, " +
      "storage_class_name, resources.limits are ForceNew) and the CustomizeDiff of " +
      "kubernetes/resource_kubernetes_persistent_volume_claim_v1.go (a smaller resources.requests.storage forces a new claim; " +
      "a larger one is an in-place expansion)",
    rules: [
      ...NAMESPACED_METADATA,
      { path: "spec.access_modes" },
      { path: "spec.storage_class_name" },
      { path: "spec.selector" },
      { path: "spec.volume_name" },
      { path: "spec.volume_mode" },
      { path: "spec.resources.limits" },
      { path: "spec.resources.requests.storage", when: storageShrinks, reason: "a smaller storage request forces a new claim" },
    ],
  },
  {
    type: "kubernetes_storage_class_v1",
    holds: "the class every coin claim names (replacing it deletes and recreates it; prevent_destroy blocks the apply)",
    source:
      "terraform-provider-kubernetes kubernetes/resource_kubernetes_storage_class_v1.go (parameters, storage_provisioner, " +
      "volume_binding_mode, mount_options, allowed_topologies are ForceNew; reclaim_policy is not ForceNew but the update " +
      "never sends it, and Kubernetes rejects changing it)",
    rules: [
      ...CLUSTER_METADATA,
      { path: "parameters" },
      { path: "storage_provisioner" },
      { path: "volume_binding_mode" },
      { path: "mount_options" },
      { path: "allowed_topologies" },
      {
        path: "reclaim_policy",
        severity: "caution",
        reason: "not applied by the provider's update and immutable in Kubernetes: the plan shows an update that changes nothing",
      },
    ],
  },
  {
    type: "kubernetes_namespace_v1",
    holds: "everything in the namespace, claims included (deleting a namespace deletes its claims)",
    source: "terraform-provider-kubernetes kubernetes/resource_kubernetes_namespace_v1.go with metadataSchema (kubernetes/schema_metadata.go)",
    rules: CLUSTER_METADATA,
  },
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
  {
    type: "kubernetes_secret_v1",
    holds: "credentials and keys the pods read (a replaced Secret is deleted first: pods that restart meanwhile fail to mount it)",
    source: "terraform-provider-kubernetes kubernetes/resource_kubernetes_secret_v1.go (type is ForceNew) with namespacedMetadataSchema (kubernetes/schema_metadata.go)",
    rules: [...NAMESPACED_METADATA, { path: "type" }],
  },
  ...[
    ["random_password", "resource_password.go"],
    ["random_id", "resource_id.go"],
    ["random_string", "resource_string.go"],
    ["random_bytes", "resource_bytes.go"],
    ["random_integer", "resource_integer.go"],
    ["random_uuid", "resource_uuid.go"],
    ["random_pet", "resource_pet.go"],
    ["random_shuffle", "resource_shuffle.go"],
  ].map(
    ([type, file]): DataBearingType => ({
      type: type!,
      holds: "a generated credential, key or name: a new value rotates it, and whatever holds the old one (a daemon's data, a peer's configuration) no longer matches",
      source: `terraform-provider-random internal/provider/${file} (every argument RequiresReplace)`,
      rules: [],
      everyArgument: true,
    }),
  ),
];

const BY_TYPE = new Map(DATA_BEARING_TYPES.map((entry) => [entry.type, entry]));

/** Arguments of every resource that are Terraform's, not the provider's (never a replacement cause). */
export const META_ARGUMENTS: readonly string[] = ["lifecycle", "depends_on", "provider", "count", "for_each", "provisioner", "connection", "//"];

export function dataBearingType(type: string): DataBearingType | undefined {
  return BY_TYPE.get(type);
}

export function isDataBearing(type: string): boolean {
  return BY_TYPE.has(type);
}

export interface Finding {
  readonly severity: Severity;
  /** Dot-separated rule path that matched. */
  readonly path: string;
  readonly reason: string;
}

/**
 * Findings for one resource whose attributes changed.
 * @param changed the changed attribute paths (indices dropped), after removing those that lifecycle.ignore_changes covers
 */
export function replacementFindings(
  type: string,
  changed: readonly (readonly string[])[],
  before: unknown,
  after: unknown,
): Finding[] {
  const entry = dataBearingType(type);
  if (!entry) return [];
  const findings: Finding[] = [];
  if (entry.everyArgument) {
    const argument = changed.find((path) => path.length > 0 && !META_ARGUMENTS.includes(path[0]!));
    if (argument) findings.push({ severity: "replace", path: argument.join("."), reason: "forces replacement (every argument does)" });
  }
  for (const rule of entry.rules) {
    const rulePath = rule.path.split(".");
    if (!changed.some((path) => overlaps(path, rulePath))) continue;
    if (rule.when && !rule.when(valueAt(before, rulePath), valueAt(after, rulePath))) continue;
    findings.push({ severity: rule.severity ?? "replace", path: rule.path, reason: rule.reason ?? "forces replacement" });
  }
  return findings;
}

/** Rules that force replacement whatever the old value was (the ones a replaced dependency can trigger). */
export function unconditionalReplaceRules(type: string): readonly ReplacementRule[] {
  return (dataBearingType(type)?.rules ?? []).filter((rule) => !rule.when && (rule.severity ?? "replace") === "replace");
}
