/**
 * The pull-request comment of the plan workflow: one table row per planned
 * stack (dependency order), replacements and destroys of data-bearing
 * resources flagged from the real plan, each plan's text folded, then the
 * credential-free synth diff. The workflow posts it once and then edits it in
 * place, finding it by `marker` (an HTML comment, invisible when rendered).
 *
 * Per stack the plan job leaves a directory with:
 *   result.json   {"stack", "init": <exit code>, "plan": <exit code or -1 when not run>}
 *   plan.txt      `terraform show -no-color` of the saved plan, or the init/plan log on failure
 *   changes.json  [{"address", "type", "actions"}] from `terraform show -json` (no attribute values)
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dataBearingType } from "../policy/replacement";
import type { PlanTarget, SkippedStack } from "./plan-matrix";

/** GitHub rejects comment bodies over 65,536 characters. */
export const COMMENT_LIMIT = 65_000;

export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  /** Terraform's actions: ["create"], ["update"], ["delete"], ["delete","create"], ["create","delete"], ["read"], ["no-op"], ["forget"]. */
  readonly actions: readonly string[];
}

export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Replacements are also counted in add and destroy, as Terraform's own summary does. */
  readonly replace: number;
}

export interface FlaggedChange {
  readonly severity: "replace" | "destroy";
  readonly address: string;
  readonly holds: string;
}

export interface StackPlan {
  readonly stack: string;
  readonly status: "planned" | "failed" | "missing";
  readonly counts?: PlanCounts;
  readonly flagged: FlaggedChange[];
  readonly text: string;
}

export function summarizeChanges(changes: readonly PlannedChange[]): { counts: PlanCounts; flagged: FlaggedChange[] } {
  let add = 0;
  let change = 0;
  let destroy = 0;
  let replace = 0;
  const flagged: FlaggedChange[] = [];
  for (const { address, type, actions } of changes) {
    const creates = actions.includes("create");
    const deletes = actions.includes("delete");
    if (creates) add++;
    if (deletes) destroy++;
    if (creates && deletes) replace++;
    if (actions.includes("update")) change++;
    const entry = dataBearingType(type);
    if (entry && deletes) flagged.push({ severity: creates ? "replace" : "destroy", address, holds: entry.holds });
  }
  return { counts: { add, change, destroy, replace }, flagged };
}

/** Counts from Terraform's human summary (remote/cloud plans that leave no JSON). */
export function countsFromText(text: string): PlanCounts | undefined {
  if (/No changes\./.test(text)) return { add: 0, change: 0, destroy: 0, replace: 0 };
  const match = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(text);
  if (!match) return undefined;
  const replace = (text.match(/must be replaced/g) ?? []).length;
  return { add: Number(match[1]), change: Number(match[2]), destroy: Number(match[3]), replace };
}

function readJson<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Reads one stack's result directory. */
export function readStackPlan(dir: string, stack: string): StackPlan {
  const result = readJson<{ stack?: string; init?: number; plan?: number }>(join(dir, "result.json"));
  const text = existsSync(join(dir, "plan.txt")) ? readFileSync(join(dir, "plan.txt"), "utf8") : "";
  if (!result) return { stack, status: "missing", flagged: [], text };
  if (result.init !== 0 || result.plan !== 0) return { stack, status: "failed", flagged: [], text };
  const changes = readJson<PlannedChange[]>(join(dir, "changes.json"));
  if (changes) {
    const { counts, flagged } = summarizeChanges(changes);
    return { stack, status: "planned", counts, flagged, text };
  }
  return { stack, status: "planned", counts: countsFromText(text), flagged: [], text };
}

/**
 * Result directories under `root`, by stack: each `<root>/<anything>/result.json`
 * names its stack (download-artifact puts each artifact in its own directory).
 */
export function readStackPlans(root: string, targets: readonly PlanTarget[]): StackPlan[] {
  const dirs = new Map<string, string>();
  if (existsSync(root)) {
    for (const name of readdirSync(root)) {
      const result = readJson<{ stack?: string }>(join(root, name, "result.json"));
      if (result?.stack) dirs.set(result.stack, join(root, name));
    }
  }
  return targets.map((t) => (dirs.has(t.stack) ? readStackPlan(dirs.get(t.stack)!, t.stack) : { stack: t.stack, status: "missing", flagged: [], text: "" }));
}

function describe(plan: StackPlan): string {
  if (plan.status === "missing") return "⏭️ not run (cancelled, skipped or failed before planning)";
  if (plan.status === "failed") return "❌ plan failed";
  const c = plan.counts;
  if (!c) return "⚠️ planned, no summary found";
  if (c.add + c.change + c.destroy === 0) return "✅ no changes";
  return `${c.add} to add, ${c.change} to change, ${c.destroy} to destroy${c.replace > 0 ? ` (${c.replace} replaced)` : ""}`;
}

const fence = (text: string): string => text.replace(/```/g, "`\u200b``");

function truncate(text: string, limit: number, note: string): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, Math.max(0, limit))}\n… truncated: ${note}`;
}

export interface CommentInput {
  readonly marker: string;
  readonly targets: readonly PlanTarget[];
  readonly plans: readonly StackPlan[];
  readonly skipped?: readonly SkippedStack[];
  readonly unchanged?: readonly string[];
  /** Markdown of the synth diff (lib/ci/synth-diff-render.ts renderMarkdown). */
  readonly synthDiff?: string;
  /** Commit the plans are for. */
  readonly commit?: string;
  /** Link to the workflow run (artifacts hold the full plans). */
  readonly runUrl?: string;
  /** @default COMMENT_LIMIT */
  readonly limit?: number;
}

export function renderPlanComment(input: CommentInput): string {
  const limit = input.limit ?? COMMENT_LIMIT;
  const head: string[] = [input.marker, "## Terraform plan", ""];
  const where = [input.commit ? `commit \`${input.commit.slice(0, 12)}\`` : "", input.runUrl ? `[workflow run](${input.runUrl}) (full plans are its artifacts)` : ""].filter(Boolean);
  if (where.length > 0) head.push(where.join(" · "), "");

  const flagged = input.plans.flatMap((p) => p.flagged.map((f) => ({ stack: p.stack, f })));
  if (flagged.length > 0) {
    head.push("> [!CAUTION]");
    for (const { stack, f } of flagged) {
      head.push(`> **${f.severity === "replace" ? "REPLACE!" : "DESTROY!"}** \`${stack}\` \`${f.address}\`: ${f.holds}  `);
    }
    head.push("");
  }
  if (input.targets.length > 0) {
    head.push("| stack | plan |", "|---|---|");
    for (const plan of input.plans) head.push(`| \`${plan.stack}\` | ${describe(plan)} |`);
    head.push("");
  } else {
    head.push("No stack changed in the synthesized configuration, so nothing was planned.", "");
  }
  for (const skip of input.skipped ?? []) head.push(`- \`${skip.stack}\` not planned: ${skip.reason}`);
  if ((input.unchanged ?? []).length > 0) head.push(`- ${input.unchanged!.length} stack(s) unchanged in the synth, not planned: ${input.unchanged!.map((s) => `\`${s}\``).join(", ")}`);
  if ((input.skipped ?? []).length + (input.unchanged ?? []).length > 0) head.push("");

  const diff = input.synthDiff ? truncate(input.synthDiff, 20_000, "see the synth-diff artifact") : "";
  const fixed = head.join("\n").length + diff.length + 200;
  const withText = input.plans.filter((p) => p.text.trim() !== "");
  const budget = withText.length > 0 ? Math.max(500, Math.floor((limit - fixed) / withText.length) - 120) : 0;
  const details: string[] = [];
  for (const plan of withText) {
    const text = truncate(fence(plan.text.trim()), budget, `download the plan-${plan.stack} artifact`);
    details.push(`<details><summary><code>${plan.stack}</code>: ${describe(plan)}</summary>`, "", "```", text, "```", "</details>", "");
  }
  const body = [...head, ...details, diff].join("\n");
  return body.length <= limit ? body : `${body.slice(0, limit - 80)}\n\n… comment truncated; see the workflow run.`;
}
