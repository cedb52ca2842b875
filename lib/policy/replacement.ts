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
import { AWS_DATA_BEARING_TYPES } from "./replacement-aws";

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
    type: "kubernetes_persistent_volume_v1",
    holds: "the binding of a volume made from a snapshot to its claim (the EBS volume stays, but the claim it is reserved for may get a new empty one)",
    source:
      "terraform-provider-kubernetes kubernetes/resource_kubernetes_persistent_volume_v1.go (volume_mode is ForceNew; " +
      "its CustomizeDiff forces a new volume for any change under persistent_volume_source) and kubernetes/schema_metadata.go",
    rules: [...CLUSTER_METADATA, { path: "spec.volume_mode" }, { path: "spec.persistent_volume_source" }],
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
  ...AWS_DATA_BEARING_TYPES,
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
