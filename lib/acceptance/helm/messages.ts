/**
 * Helm's complaints, in its own words, split into one problem per values key
 * where helm names the key: schema violations (`- at '/deployment/replicas':
 * got string, want integer`) and the coalescing warnings it prints and
 * otherwise ignores (`skipped value for external-dns.env: Not a table.`).
 */
import { formatKeyPath } from "../problem";
import { pointerKeys } from "./value-keys";

export interface Complaint {
  readonly key?: string;
  readonly message: string;
}

/** Helm's hints and log framing, which say nothing about the chart. */
const NOISE = [/^Use --debug flag/, /^==> Linting /, /^\[INFO\]/, /^\d+ chart\(s\) linted/, /^Error: \d+ chart\(s\) linted/];

/** `level=INFO msg="warning: …"` → `warning: …`. */
function logMessage(line: string): string {
  const match = /^level=\w+ msg="(.*)"$/.exec(line);
  return match ? match[1]!.replace(/\\"/g, '"') : line;
}

/** `/prometheus/prometheusSpec/retention` in `chart` (or `subchart`) → the key path in the release's values. */
function pointerKey(pointer: string, chart: string, rootChart: string): string {
  const keys = pointerKeys(pointer);
  return formatKeyPath(chart === rootChart ? keys : [chart, ...keys]);
}

function schemaViolations(lines: readonly string[], rootChart: string): Complaint[] {
  let chart = rootChart;
  return lines.flatMap((line) => {
    const header = /^([\w.-]+):$/.exec(line);
    if (header) chart = header[1]!;
    const violation = /^- at '([^']*)': (.*)$/.exec(line);
    return violation ? [{ key: pointerKey(violation[1]!, chart, rootChart), message: `values schema of ${chart}: ${violation[2]!}` }] : [];
  });
}

function coalesceWarnings(lines: readonly string[], rootChart: string): Complaint[] {
  return lines.map(logMessage).flatMap((line) => {
    if (!line.startsWith("warning:")) return [];
    const target = / for ([^\s:]+)/.exec(line)?.[1];
    const key = target?.startsWith(`${rootChart}.`) ? target.slice(rootChart.length + 1) : target;
    return [{ key, message: `helm: ${line}` }];
  });
}

/**
 * The complaints in helm's output (stderr, and stdout for lint); a failed run
 * with nothing helm names by key is one complaint with the whole output.
 */
export function helmComplaints(output: string, failed: boolean, rootChart: string): Complaint[] {
  const lines = output
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "" && !NOISE.some((noise) => noise.test(line)));
  const keyed = [...schemaViolations(lines, rootChart), ...coalesceWarnings(lines, rootChart)];
  if (!failed || keyed.some((c) => c.message.startsWith("values schema"))) return keyed;
  return [...keyed, { message: lines.filter((line) => !logMessage(line).startsWith("warning:")).join("\n") }];
}
