/**
 * The metric names a PromQL expression reads, for the tests that hold alert rules to what is scraped:
 * identifiers that are neither functions (followed by "("), keywords, label names (inside {} or a
 * by/without/on/ignoring list) nor durations.
 */
const KEYWORDS = new Set(["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"]);

export function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "");
  const names = [...stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(?!\s*\(|[a-zA-Z0-9_:])/g)].map((m) => m[0]).filter((name) => !KEYWORDS.has(name.toLowerCase()));
  return [...new Set(names)];
}
