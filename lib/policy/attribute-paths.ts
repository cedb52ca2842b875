/**
 * Attribute paths through synthesized Terraform JSON: object keys and list
 * indices, as the replacement rules, the synth diff and the plan gate name them.
 */

/** A path through synthesized JSON: object keys and list indices. */
export type PathSegment = string | number;

/** Drops list indices: the form rules are written in. */
export function normalizeSegments(path: readonly PathSegment[]): string[] {
  return path.filter((segment): segment is string => typeof segment === "string");
}

/**
 * Parses a Terraform traversal as written in `lifecycle.ignore_changes`
 * (`spec[0].volume_claim_template`, `metadata[0].annotations["a.b/c"]`) into
 * segments, indices dropped.
 */
export function parseTraversal(text: string): string[] {
  const segments: string[] = [];
  const pattern = /([A-Za-z_][A-Za-z0-9_-]*)|\[\s*(\d+)\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]/g;
  for (const match of text.matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[3] !== undefined) segments.push(match[3].replace(/\\(.)/g, "$1"));
  }
  return segments;
}

/** True when one path is a prefix of (or equal to) the other. */
export function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && overlaps(path, prefix);
}

/** Every value at `path` (segments, no indices), looking through lists of blocks. */
export function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return value === undefined ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (value === null || typeof value !== "object") return [];
  const [head, ...rest] = path;
  return valuesAt((value as Record<string, unknown>)[head!], rest);
}

/** The single value at `path`, unwrapping one-element block lists; undefined when absent. */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  const found = valuesAt(value, path);
  if (found.length === 0) return undefined;
  return found.length === 1 ? found[0] : found;
}

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** cdktf writes a nested block as an object or a one-element list depending on the binding; treat both alike. */
function alignBlocks(before: unknown, after: unknown): [unknown, unknown] {
  if (isObject(before) && Array.isArray(after) && after.length === 1 && isObject(after[0])) return [before, after[0]];
  if (isObject(after) && Array.isArray(before) && before.length === 1 && isObject(before[0])) return [before[0], after];
  return [before, after];
}

/** Leaf paths where `before` and `after` differ. Keys named `//` (cdktf metadata) are ignored. */
export function changedPaths(before: unknown, after: unknown, path: PathSegment[] = []): PathSegment[][] {
  [before, after] = alignBlocks(before, after);
  if (Object.is(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== "//").sort();
    return keys.flatMap((key) => changedPaths(before[key], after[key], [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const blocks = before.some(isObject) || after.some(isObject);
    if (!blocks) return JSON.stringify(before) === JSON.stringify(after) ? [] : [path];
    const n = Math.max(before.length, after.length);
    const out: PathSegment[][] = [];
    for (let i = 0; i < n; i++) out.push(...changedPaths(before[i], after[i], [...path, i]));
    return out;
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [path];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `spec[0].service_name`, `metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
