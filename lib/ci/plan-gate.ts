/**
 * The deploy's last check before `terraform apply <saved plan>`: reads the real
 * plan (`terraform show -json tfplan`) and refuses it when it deletes or
 * replaces a guarded resource (the data- and identity-bearing types of
 * lib/policy/replacement.ts: claims, StatefulSets, namespaces, the cluster,
 * node groups, keys, roles, access entries, Secrets, every random_*) whose
 * exact address `policy.approvedReplacements` in config/<env>.yaml does not
 * approve, or when it moves the control plane by more than one minor version. It also lists the Jobs
 * the plan creates to replace a claim in the cluster (coins.<coin>.volumeOperations, whose entry is
 * their approval), with their reason.
 *
 * The plan JSON holds attribute values, secrets included: only addresses,
 * actions, the paths that force replacement and Kubernetes versions are read,
 * and nothing else is printed.
 */
import { CLAIM_REPLACEMENT_ANNOTATIONS } from "../core/volume-tags";
import { dataBearingType } from "../policy/replacement";

/** The parts of `terraform show -json` the gate reads (format_version 1.x). */
export interface PlanJson {
  readonly resource_changes?: readonly ResourceChange[];
}

export interface ResourceChange {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  /** e.g. `replace_because_cannot_update`, `replace_by_request`, `delete_because_no_resource_config`. */
  readonly action_reason?: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    /** Attribute paths that force the replacement, each a list of keys and indices. */
    readonly replace_paths?: readonly (readonly (string | number)[])[];
  };
}

export interface Approval {
  /** `<stack>/<address>`. */
  readonly address: string;
  readonly reason: string;
}

export interface GuardedChange {
  /** `<stack>/<address>`, as approvals name it. */
  readonly address: string;
  readonly action: "replace" | "destroy";
  /** What is lost (the replacement table's `holds`). */
  readonly holds: string;
  /** Paths that force the replacement, or Terraform's action reason. */
  readonly cause?: string;
  /** The approval's reason, when approved. */
  readonly approvedBecause?: string;
}

export interface GateResult {
  readonly stack: string;
  readonly refused: GuardedChange[];
  readonly approved: GuardedChange[];
  /** Approvals for this stack that match nothing in the plan. */
  readonly unmatched: Approval[];
  /** Kubernetes version changes EKS cannot or should not make in one step. */
  readonly versionProblems: string[];
  /** Claims this plan's Jobs replace in the cluster (coins.<coin>.volumeOperations, their approval). */
  readonly claimReplacements: ClaimReplacement[];
}

export interface ClaimReplacement {
  /** `<stack>/<address>` of the Job. */
  readonly job: string;
  readonly claim: string;
  readonly reason: string;
}

export function passes(result: GateResult): boolean {
  return result.refused.length === 0 && result.versionProblems.length === 0;
}

const minor = (version: unknown): number | undefined => {
  const match = typeof version === "string" ? /^1\.(\d+)$/.exec(version) : null;
  return match ? Number(match[1]) : undefined;
};

const version = (value: unknown): unknown => (value !== null && typeof value === "object" ? (value as { version?: unknown }).version : undefined);

function cause(change: ResourceChange): string | undefined {
  const paths = (change.change.replace_paths ?? []).map((path) => path.map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`)).join("").replace(/^\./, ""));
  if (paths.length > 0) return `forced by ${paths.join(", ")}`;
  return change.action_reason;
}

/** Control-plane upgrades of more than one minor, and downgrades (EKS refuses both; the order is in the README). */
function versionProblems(changes: readonly ResourceChange[]): string[] {
  const problems: string[] = [];
  for (const change of changes) {
    if (change.type !== "aws_eks_cluster" || !change.change.actions.includes("update")) continue;
    const before = minor(version(change.change.before));
    const after = minor(version(change.change.after));
    if (before === undefined || after === undefined || before === after) continue;
    if (after < before) problems.push(`${change.address}: Kubernetes 1.${before} -> 1.${after} is a downgrade; EKS cannot downgrade a control plane`);
    else if (after - before > 1) {
      problems.push(`${change.address}: Kubernetes 1.${before} -> 1.${after} skips a minor version; raise cluster.kubernetesVersion one minor per deploy (1.${before + 1} first)`);
    }
  }
  return problems;
}

export function gatePlan(stack: string, plan: PlanJson, approvals: readonly Approval[]): GateResult {
  const changes = (plan.resource_changes ?? []).filter((change) => change.mode !== "data");
  const byAddress = new Map(approvals.filter((a) => a.address.startsWith(`${stack}/`)).map((a) => [a.address, a]));
  const refused: GuardedChange[] = [];
  const approved: GuardedChange[] = [];
  const matched = new Set<string>();
  for (const change of changes) {
    const entry = dataBearingType(change.type);
    const actions = change.change.actions;
    if (!entry || !actions.includes("delete")) continue;
    const address = `${stack}/${change.address}`;
    const guarded: GuardedChange = { address, action: actions.includes("create") ? "replace" : "destroy", holds: entry.holds, cause: cause(change) };
    const approval = byAddress.get(address);
    if (approval) {
      matched.add(address);
      approved.push({ ...guarded, approvedBecause: approval.reason });
    } else refused.push(guarded);
  }
  const unmatched = [...byAddress.values()].filter((a) => !matched.has(a.address));
  return { stack, refused, approved, unmatched, versionProblems: versionProblems(changes), claimReplacements: claimReplacements(stack, changes) };
}

/** Jobs this plan creates that replace a claim: Terraform deletes no claim, the Job does, as the config entry that made it approves. */
function claimReplacements(stack: string, changes: readonly ResourceChange[]): ClaimReplacement[] {
  return changes.flatMap((change) => {
    if (change.type !== "kubernetes_job_v1" || !change.change.actions.includes("create")) return [];
    const metadata = (change.change.after as { metadata?: { annotations?: Record<string, string> }[] } | undefined)?.metadata?.[0];
    const claim = metadata?.annotations?.[CLAIM_REPLACEMENT_ANNOTATIONS.claim];
    return claim ? [{ job: `${stack}/${change.address}`, claim, reason: metadata?.annotations?.[CLAIM_REPLACEMENT_ANNOTATIONS.reason] ?? "" }] : [];
  });
}

/**
 * Lines for the workflow log: GitHub annotations for refusals (`::error`) and
 * unmatched approvals (`::warning`), plain lines for what was approved.
 */
export function renderGate(result: GateResult, configFile: string): string[] {
  const lines: string[] = [];
  const describe = (c: GuardedChange): string => `${c.action === "replace" ? "REPLACE!" : "DESTROY!"} ${c.address}${c.cause ? ` (${c.cause})` : ""}: ${c.holds}`;
  for (const change of result.refused) {
    lines.push(
      `::error title=plan refused: ${change.action} of a guarded resource::${describe(change)}. ` +
        `If this is intended, approve it in ${configFile} under policy.approvedReplacements: {address: "${change.address}", reason: "..."}`,
    );
  }
  for (const problem of result.versionProblems) lines.push(`::error title=plan refused: Kubernetes version::${problem}`);
  for (const change of result.approved) lines.push(`approved in ${configFile}: ${describe(change)}; reason: ${change.approvedBecause}`);
  for (const { job, claim, reason } of result.claimReplacements) {
    lines.push(`approved in ${configFile} (coins.<coin>.volumeOperations): REPLACE CLAIM ${claim} in the cluster by ${job}; its old volume is kept (Retain); reason: ${reason}`);
  }
  for (const approval of result.unmatched) {
    lines.push(
      `::warning title=approval matches nothing in the plan::${approval.address} (${configFile}: policy.approvedReplacements) is neither replaced nor destroyed by this plan; remove it once applied, or it would approve a later replacement too`,
    );
  }
  if (passes(result)) lines.push(`${result.stack}: plan gate passed (${result.approved.length} approved replacement(s) or destroy(s))`);
  return lines;
}
