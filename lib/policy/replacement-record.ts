/**
 * Replacement guard: a committed record (config/replacement-record.json) of
 * every field that makes the provider replace a data- or identity-bearing
 * resource (the ForceNew table in replacement.ts: StatefulSet selector, service
 * name, pod management policy; StorageClass parameters; the state bucket; the
 * cluster and its node groups; namespaces; KMS keys; claims; IAM roles, access
 * entries, Pod Identity associations, Secrets and every random_* argument).
 * Fields under lifecycle.ignore_changes are left out: Terraform plans no change there. `npm test` compares the
 * current synth with it, so such a change needs a deliberate
 * `npm run replacement:record` and shows up in review.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_DIR } from "../config/load";
import type { StackJson } from "./check";
import { parseTraversal, startsWith, valueAt } from "./attribute-paths";
import { DATA_BEARING_TYPES, META_ARGUMENTS } from "./replacement";

export const REPLACEMENT_RECORD_FILE = join(CONFIG_DIR, "replacement-record.json");
export const RECORD_COMMAND = "npm run replacement:record";

/** `<stack>/<type>.<name>` → rule path → value (absent values are left out). */
export type ReplacementRecord = Record<string, Record<string, unknown>>;

/** Rules whose change always forces replacement (conditional ones, like a shrinking claim, are guarded elsewhere). */
const RECORDED = DATA_BEARING_TYPES.map((entry) => ({
  type: entry.type,
  everyArgument: entry.everyArgument ?? false,
  paths: entry.rules.filter((rule) => !rule.when && (rule.severity ?? "replace") === "replace").map((rule) => rule.path),
}));

/** Paths `lifecycle.ignore_changes` names (Terraform never plans a change there, so none can replace the resource). */
function ignoredPaths(body: Record<string, unknown>): string[][] {
  const lifecycle = valueAt(body, ["lifecycle"]) as { ignore_changes?: unknown } | undefined;
  const ignore = lifecycle?.ignore_changes;
  if (ignore === "all") return [[]];
  return Array.isArray(ignore) ? ignore.filter((entry): entry is string => typeof entry === "string").map(parseTraversal) : [];
}

export function replacementRecord(stacks: ReadonlyMap<string, StackJson>): ReplacementRecord {
  const record: ReplacementRecord = {};
  for (const stack of [...stacks.keys()].sort()) {
    const resources = stacks.get(stack)!.resource ?? {};
    for (const { type, everyArgument, paths } of RECORDED) {
      for (const name of Object.keys(resources[type] ?? {}).sort()) {
        const body = resources[type]![name] as Record<string, unknown>;
        const ignored = ignoredPaths(body);
        const recorded = everyArgument ? Object.keys(body).filter((key) => !META_ARGUMENTS.includes(key)).sort() : paths;
        const fields: Record<string, unknown> = {};
        for (const path of recorded) {
          const segments = path.split(".");
          if (ignored.some((prefix) => startsWith(segments, prefix))) continue;
          const value = valueAt(body, segments);
          if (value !== undefined) fields[path] = value;
        }
        record[`${stack}/${type}.${name}`] = fields;
      }
    }
  }
  return record;
}

export function readReplacementRecord(path: string = REPLACEMENT_RECORD_FILE): ReplacementRecord {
  return JSON.parse(readFileSync(path, "utf8")) as ReplacementRecord;
}

/** Field count of a record (the figure verify prints). */
export function recordedFields(record: ReplacementRecord): number {
  return Object.values(record).reduce((n, fields) => n + Object.keys(fields).length, 0);
}

const show = (value: unknown): string => (value === undefined ? "(absent)" : JSON.stringify(value));

/**
 * Human-readable differences between the committed record and the current
 * synth: changed fields (`- before` / `+ after`), resources not yet recorded
 * and recorded resources that are gone. Empty when they agree.
 */
export function replacementDiff(recorded: ReplacementRecord, current: ReplacementRecord, scope?: (address: string) => boolean): string[] {
  const inScope = scope ?? (() => true);
  const lines: string[] = [];
  const addresses = [...new Set([...Object.keys(recorded), ...Object.keys(current)])].filter(inScope).sort();
  for (const address of addresses) {
    const before = recorded[address];
    const after = current[address];
    if (!before) {
      lines.push(`+ ${address}: not yet recorded`);
      continue;
    }
    if (!after) {
      lines.push(`- ${address}: recorded but no longer synthesized (removing it destroys the resource)`);
      continue;
    }
    for (const path of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      if (JSON.stringify(before[path]) !== JSON.stringify(after[path])) {
        lines.push(`~ ${address} ${path} (forces replacement):`, `    - ${show(before[path])}`, `    + ${show(after[path])}`);
      }
    }
  }
  return lines;
}

export function formatReplacementDiff(lines: readonly string[]): string {
  return [
    "Fields that force replacement of data-bearing resources changed since config/replacement-record.json:",
    ...lines.map((line) => `  ${line}`),
    `If this is deliberate (a plan will replace or destroy these resources), run ${RECORD_COMMAND} and commit the diff.`,
  ].join("\n");
}
