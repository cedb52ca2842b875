/**
 * Reading synthesized Terraform JSON. A nested block may synthesize as an
 * object or a one-element list, and an attribute left at the provider default
 * is absent, so checks read through these helpers and require keys to be present.
 */
import type { PolicyObject } from "./check";

/** The block, whether synthesized as an object or a one-element list. */
export function one(value: unknown): any {
  return Array.isArray(value) ? value[0] : value;
}

/** The blocks as a list: absent → [], object → [object]. */
export function list(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** `${type.name.attr…}` → [type, name]; undefined for anything else. */
export function parseReference(value: unknown): [string, string] | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:[.[]|\})/.exec(value);
  return match ? [match[1]!, match[2]!] : undefined;
}

/** Integers synthesized as numbers or strings ("10001"); undefined otherwise. */
export function integer(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Workload types whose pod template the pod checks read, with where the template sits. */
const TEMPLATE_TYPES = new Set([
  "kubernetes_stateful_set_v1",
  "kubernetes_stateful_set",
  "kubernetes_deployment_v1",
  "kubernetes_deployment",
  "kubernetes_daemon_set_v1",
  "kubernetes_daemonset",
  "kubernetes_job_v1",
  "kubernetes_job",
]);
/** CronJobs, whose pod template sits in their job template. */
const CRON_JOB_TYPES = new Set(["kubernetes_cron_job_v1", "kubernetes_cron_job"]);
export const WORKLOAD_TYPES: readonly string[] = [...TEMPLATE_TYPES, ...CRON_JOB_TYPES, "kubernetes_pod_v1", "kubernetes_pod"];
export const STATEFUL_SET_TYPES: readonly string[] = ["kubernetes_stateful_set_v1", "kubernetes_stateful_set"];

export interface PodTemplate {
  readonly labels: Record<string, string>;
  readonly spec: any;
}

export function podTemplate(object: PolicyObject): PodTemplate | undefined {
  if (TEMPLATE_TYPES.has(object.type)) {
    const template = one(one(object.body.spec)?.template);
    return { labels: one(template?.metadata)?.labels ?? {}, spec: one(template?.spec) ?? {} };
  }
  if (CRON_JOB_TYPES.has(object.type)) {
    const template = one(one(one(one(object.body.spec)?.job_template)?.spec)?.template);
    return { labels: one(template?.metadata)?.labels ?? {}, spec: one(template?.spec) ?? {} };
  }
  if (object.type === "kubernetes_pod_v1" || object.type === "kubernetes_pod") {
    return { labels: one(object.body.metadata)?.labels ?? {}, spec: one(object.body.spec) ?? {} };
  }
  return undefined;
}

export interface ContainerRef {
  /** `container bitcoin-daemon` or `init_container x`, for messages. */
  readonly label: string;
  readonly body: any;
}

/** Every container and init container of a pod spec. */
export function containersOf(spec: any): ContainerRef[] {
  return [
    ...list(spec?.container).map((c) => ({ label: `container ${c.name}`, body: c })),
    ...list(spec?.init_container).map((c) => ({ label: `init_container ${c.name}`, body: c })),
  ];
}

/** Names of the claim templates of a StatefulSet (the data volumes). */
export function claimTemplateNames(object: PolicyObject): string[] {
  return list(one(object.body.spec)?.volume_claim_template).map((t) => one(t.metadata)?.name);
}

/** True when every key/value of `selector` is among `labels` (an empty selector selects everything). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);
}

/** Labels a controller adds to each pod itself, so a selector may use them without the template carrying them. */
export const CONTROLLER_POD_LABELS: readonly string[] = ["statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "controller-revision-hash"];

export function withoutControllerLabels(selector: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(selector ?? {}).filter(([key]) => !CONTROLLER_POD_LABELS.includes(key)));
}
