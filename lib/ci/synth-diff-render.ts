/**
 * Renders a synth diff report for a terminal (plain text, optionally ANSI
 * colored) or for a pull-request comment (GitHub markdown). Every flagged line
 * carries a plain marker (REPLACE!, DESTROY!, CAUTION!) so it is visible
 * without color, in logs and in comments.
 */
import { allFindings, blockingFindings, type Finding, type FindingSeverity, type ResourceDiff, type StackDiff, type SynthDiffReport } from "./synth-diff";

export const MARKERS: Record<FindingSeverity, string> = { replace: "REPLACE!", destroy: "DESTROY!", caution: "CAUTION!" };

const ANSI = { red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", bold: "\x1b[1m", dim: "\x1b[2m", reset: "\x1b[0m" };

type Paint = (style: keyof typeof ANSI, text: string) => string;

const MAX_PATHS = 6;

function listPaths(paths: readonly string[]): string {
  if (paths.length <= MAX_PATHS) return paths.join(", ");
  return `${paths.slice(0, MAX_PATHS).join(", ")}, +${paths.length - MAX_PATHS} more`;
}

export function stackHeadline(stack: StackDiff): string {
  if (stack.status === "added") return `${stack.stack}: stack added (${stack.resourcesAfter} resources)`;
  if (stack.status === "removed") return `${stack.stack}: stack removed (had ${stack.resourcesBefore} resources)`;
  const count = (kinds: ResourceDiff["kind"][]): number => stack.resources.filter((r) => kinds.includes(r.kind)).length;
  const parts = [`${count(["added"])} added`, `${count(["changed", "moved"])} changed`, `${count(["removed", "forgotten"])} removed`];
  if (stack.settings.length > 0) parts.push("settings changed");
  return `${stack.stack}: ${parts.join(", ")}`;
}

function resourceLine(resource: ResourceDiff): { sign: string; text: string } {
  const detail: string[] = [];
  if (resource.paths.length > 0) detail.push(listPaths(resource.paths));
  if (resource.ignoredPaths.length > 0) detail.push(`ignored by lifecycle.ignore_changes: ${listPaths(resource.ignoredPaths)}`);
  const suffix = detail.length > 0 ? `  (${detail.join("; ")})` : "";
  switch (resource.kind) {
    case "added":
      return { sign: "+", text: resource.address };
    case "removed":
      return { sign: "-", text: resource.address };
    case "forgotten":
      return { sign: "-", text: `${resource.address}  (removed block, destroy = false: leaves state, not destroyed)` };
    case "moved":
      return { sign: "~", text: `${resource.movedFrom} -> ${resource.address}  (moved)${suffix}` };
    default:
      return { sign: "~", text: `${resource.address}${suffix}` };
  }
}

/** The stacks that differ, and the names of those that do not. */
function byChange(report: SynthDiffReport): { changed: StackDiff[]; unchanged: string[] } {
  return {
    changed: report.stacks.filter((stack) => stack.status !== "unchanged"),
    unchanged: report.stacks.filter((stack) => stack.status === "unchanged").map((stack) => stack.stack),
  };
}

function findingText(finding: Finding): string {
  const where = finding.path ? `${finding.path}: ` : "";
  return `${MARKERS[finding.severity]} ${where}${finding.reason}`;
}

export function summaryLine(report: SynthDiffReport): string {
  const findings = allFindings(report);
  const count = (severity: FindingSeverity): number => findings.filter((f) => f.severity === severity).length;
  const changed = byChange(report).changed.length;
  const flagged = [
    count("replace") > 0 ? `${count("replace")} replacement(s)` : "",
    count("destroy") > 0 ? `${count("destroy")} destroy(s)` : "",
    count("caution") > 0 ? `${count("caution")} caution(s)` : "",
  ].filter(Boolean);
  const stacks = `${changed} of ${report.stacks.length} stack(s) differ`;
  return flagged.length > 0 ? `${stacks}; data-bearing resources flagged: ${flagged.join(", ")}` : `${stacks}; no data-bearing resource is replaced or destroyed`;
}

export interface TextOptions {
  /** ANSI colors. @default false */
  readonly color?: boolean;
}

export function renderText(report: SynthDiffReport, options: TextOptions = {}): string {
  const paint: Paint = (style, text) => (options.color ? `${ANSI[style]}${text}${ANSI.reset}` : text);
  const lines: string[] = [`Synth diff: ${report.base} -> ${report.head}`];
  for (const warning of report.warnings) lines.push(paint("yellow", `warning: ${warning}`));
  lines.push("");
  const { changed, unchanged } = byChange(report);
  for (const stack of changed) {
    lines.push(paint("bold", stackHeadline(stack)));
    for (const finding of stack.findings) lines.push(paint("red", `    ${findingText(finding)}`));
    for (const resource of stack.resources) {
      const { sign, text } = resourceLine(resource);
      const style = resource.findings.length > 0 ? "red" : sign === "+" ? "green" : sign === "-" ? "red" : "yellow";
      lines.push(paint(style, `  ${sign} ${text}`));
      for (const finding of resource.findings) lines.push(paint("red", `      ${findingText(finding)}`));
    }
    if (stack.settings.length > 0) lines.push(paint("dim", `  settings: ${listPaths(stack.settings)}`));
  }
  if (unchanged.length > 0) lines.push(paint("dim", `unchanged: ${unchanged.join(", ")}`));
  lines.push("");
  const blocking = blockingFindings(report).length > 0;
  lines.push(blocking ? paint("red", summaryLine(report)) : summaryLine(report));
  return lines.join("\n") + "\n";
}

export interface MarkdownOptions {
  /** Heading level of the section title. @default 3 */
  readonly headingLevel?: number;
}

export function renderMarkdown(report: SynthDiffReport, options: MarkdownOptions = {}): string {
  const hashes = "#".repeat(options.headingLevel ?? 3);
  const lines: string[] = [`${hashes} Synth diff`, "", `\`${report.base}\` → \`${report.head}\`: ${summaryLine(report)}`, ""];
  for (const warning of report.warnings) lines.push(`> [!WARNING]`, `> ${warning}`, "");
  const flagged = report.stacks.flatMap((s) => [
    ...s.findings.map((f) => ({ stack: s.stack, f })),
    ...s.resources.flatMap((r) => r.findings.map((f) => ({ stack: s.stack, f }))),
  ]);
  if (flagged.length > 0) {
    const blocking = flagged.some(({ f }) => f.severity !== "caution");
    lines.push(blocking ? "> [!CAUTION]" : "> [!WARNING]");
    for (const { stack, f } of flagged) {
      const target = f.address === stack ? `\`${stack}\`` : `\`${stack}\` \`${f.address}\``;
      lines.push(`> **${MARKERS[f.severity]}** ${target}${f.path ? ` \`${f.path}\`` : ""}: ${f.reason}  `);
    }
    lines.push("");
  }
  const { changed, unchanged } = byChange(report);
  for (const stack of changed) {
    const body: string[] = [];
    for (const finding of stack.findings) body.push(`! ${findingText(finding)}`);
    for (const resource of stack.resources) {
      const { sign, text } = resourceLine(resource);
      body.push(`${resource.findings.length > 0 ? "-" : sign === "~" ? "!" : sign} ${text}`);
      for (const finding of resource.findings) body.push(`-     ${findingText(finding)}`);
    }
    if (stack.settings.length > 0) body.push(`  settings: ${listPaths(stack.settings)}`);
    // A stack added or removed lists no resources one by one: say what its plan will do instead.
    if (stack.status === "added") body.push(`+ every one of its ${stack.resourcesAfter} resources is created by its first plan (\`npm run synth\`, then \`cdktf.out/stacks/${stack.stack}\`)`);
    if (stack.status === "removed") body.push(`- its ${stack.resourcesBefore} resources leave the synth; Terraform destroys them only if its state is planned without them`);
    lines.push(`<details><summary>${stackHeadline(stack)}</summary>`, "");
    if (body.length > 0) lines.push("```diff", ...body, "```", "");
    lines.push("</details>", "");
  }
  if (unchanged.length > 0) lines.push(`Unchanged: ${unchanged.map((s) => `\`${s}\``).join(", ")}`, "");
  return lines.join("\n");
}
