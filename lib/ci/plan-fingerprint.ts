/**
 * What a reviewer approves of a plan, as one hash: every resource that changes (address, actions,
 * the values after, which of them are unknown until apply) and every output that changes. Two plans
 * with the same fingerprint make the same changes. The deploy's apply job plans again before it
 * applies the reviewed plan file, and refuses when the fingerprints differ: an earlier stack's apply
 * (a new cross-stack output) or a change to the state since the review would otherwise go unseen,
 * because a saved plan keeps the values its data sources read when it was made.
 */
import { createHash } from "node:crypto";

export interface FingerprintedPlan {
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly change: { readonly actions: readonly string[]; readonly after?: unknown; readonly after_unknown?: unknown };
  }[];
  readonly output_changes?: Readonly<Record<string, { readonly actions: readonly string[]; readonly after?: unknown; readonly after_unknown?: unknown }>>;
}

const changes = (actions: readonly string[]): boolean => !(actions.length === 1 && (actions[0] === "no-op" || actions[0] === "read"));

/** JSON with object keys sorted, so equal values print alike whatever order Terraform wrote them in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The plan's changes, in a fixed order; what the fingerprint hashes. */
export function reviewedChanges(plan: FingerprintedPlan): unknown[] {
  const resources = (plan.resource_changes ?? [])
    .filter((resource) => changes(resource.change.actions))
    .map((resource) => ({ address: resource.address, actions: resource.change.actions, after: resource.change.after ?? null, unknown: resource.change.after_unknown ?? null }))
    .sort((a, b) => (a.address < b.address ? -1 : 1));
  const outputs = Object.entries(plan.output_changes ?? {})
    .filter(([, output]) => changes(output.actions))
    .map(([name, output]) => ({ output: name, actions: output.actions, after: output.after ?? null, unknown: output.after_unknown ?? null }))
    .sort((a, b) => (a.output < b.output ? -1 : 1));
  return [...resources, ...outputs];
}

export function planFingerprint(plan: FingerprintedPlan): string {
  return createHash("sha256").update(canonical(reviewedChanges(plan))).digest("hex");
}
