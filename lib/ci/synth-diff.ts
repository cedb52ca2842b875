/**
 * Compares two synth outputs (a base and a head `cdktf.out`) without
 * Terraform, providers, state or credentials: per stack, the resource
 * addresses added, changed and removed, and the changes that would replace or
 * destroy a data-bearing resource (lib/policy/replacement.ts).
 *
 * It compares configuration, not plans: a change to a value that only exists
 * after apply (a reference to another resource) shows as the reference text,
 * and drift in the real infrastructure is invisible. The plan workflow runs
 * `terraform plan` for that.
 */
import { changedPaths, formatPath, isObject, normalizeSegments, parseTraversal, type PathSegment, startsWith, valuesAt } from "../policy/attribute-paths";
import { dataBearingType, type Finding as RuleFinding, isDataBearing, META_ARGUMENTS, replacementFindings, unconditionalReplaceRules } from "../policy/replacement";
import { dependencyOrder, type Manifest, readSynth, type StackJson } from "./synth";

/** `replace`/`destroy` fail `--fail-on-replace`; `caution` is shown in red but does not. */
export type FindingSeverity = "replace" | "destroy" | "caution";

export interface Finding {
  readonly severity: FindingSeverity;
  /** Resource address, or the stack name for stack-level findings. */
  readonly address: string;
  /** Attribute path that triggered it, when there is one. */
  readonly path?: string;
  readonly reason: string;
}

export type ResourceChangeKind = "added" | "changed" | "removed" | "moved" | "forgotten";

export interface ResourceDiff {
  readonly address: string;
  readonly type: string;
  readonly kind: ResourceChangeKind;
  /** Changed attribute paths, display form (`spec[0].service_name`). */
  readonly paths: string[];
  /** Changed paths that lifecycle.ignore_changes hides from Terraform. */
  readonly ignoredPaths: string[];
  /** For `moved`: the old address. */
  readonly movedFrom?: string;
  readonly findings: Finding[];
}

export type StackStatus = "added" | "removed" | "changed" | "unchanged";

export interface StackDiff {
  readonly stack: string;
  readonly status: StackStatus;
  readonly resources: ResourceDiff[];
  /** Changed paths outside `resource` (backend, providers, outputs, data sources), shortened. */
  readonly settings: string[];
  /** Stack-level findings (backend moved, stack dropped with data-bearing resources). */
  readonly findings: Finding[];
  readonly resourcesBefore: number;
  readonly resourcesAfter: number;
}

export interface SynthDiffReport {
  /** What the base was (a git ref and commit, or a directory). */
  readonly base: string;
  readonly head: string;
  /** Stacks in dependency order of the head synth, removed stacks last. */
  readonly stacks: StackDiff[];
  readonly warnings: string[];
}

/** Every finding of a report, stack-level first. */
export function allFindings(report: SynthDiffReport): Finding[] {
  return report.stacks.flatMap((s) => [...s.findings, ...s.resources.flatMap((r) => r.findings)]);
}

/** Findings that fail `--fail-on-replace`. */
export function blockingFindings(report: SynthDiffReport): Finding[] {
  return allFindings(report).filter((f) => f.severity === "replace" || f.severity === "destroy");
}

/** Stacks whose synthesized configuration differs (added or changed), in report order. */
export function changedStacks(report: SynthDiffReport): string[] {
  return report.stacks.filter((s) => s.status === "added" || s.status === "changed").map((s) => s.stack);
}

// ---------------------------------------------------------------------------
// resources

type Resources = Map<string, { type: string; body: Record<string, unknown> }>;

function resourcesOf(stack: StackJson | undefined): Resources {
  const out: Resources = new Map();
  for (const [type, byName] of Object.entries((stack?.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const [name, body] of Object.entries(byName)) out.set(`${type}.${name}`, { type, body });
  }
  return out;
}

/** Paths lifecycle.ignore_changes names; `"all"` as `[[]]` (everything). */
function ignoredChanges(body: Record<string, unknown>): string[][] {
  const lifecycle = body.lifecycle as { ignore_changes?: unknown } | undefined;
  const ignore = lifecycle?.ignore_changes;
  if (ignore === "all") return [[]];
  if (!Array.isArray(ignore)) return [];
  return ignore.flatMap((entry) => {
    if (typeof entry !== "string") return [];
    if (entry === "all") return [[]];
    return [parseTraversal(entry)];
  });
}

/** `{from, to}` of top-level `moved` blocks, and the `from` of `removed` blocks with `destroy = false`. */
function refactorings(stack: StackJson | undefined): { moved: Map<string, string>; forgotten: Set<string> } {
  const list = (value: unknown): Record<string, any>[] => (Array.isArray(value) ? value : isObject(value) ? [value] : []);
  const moved = new Map<string, string>();
  for (const block of list(stack?.moved)) if (typeof block.from === "string" && typeof block.to === "string") moved.set(block.from, block.to);
  const forgotten = new Set<string>();
  for (const block of list(stack?.removed)) {
    const lifecycle = Array.isArray(block.lifecycle) ? block.lifecycle[0] : block.lifecycle;
    if (typeof block.from === "string" && lifecycle?.destroy === false) forgotten.add(block.from);
  }
  return { moved, forgotten };
}

function diffResource(address: string, type: string, before: Record<string, unknown>, after: Record<string, unknown>) {
  const paths = changedPaths(before, after);
  const ignore = ignoredChanges(after);
  const visible: PathSegment[][] = [];
  const ignored: PathSegment[][] = [];
  for (const path of paths) {
    const normalized = normalizeSegments(path);
    // Only resource arguments can be ignored; meta-arguments (lifecycle itself, depends_on) never are.
    const isArgument = !META_ARGUMENTS.includes(normalized[0] ?? "");
    if (isArgument && ignore.some((prefix) => startsWith(normalized, prefix))) ignored.push(path);
    else visible.push(path);
  }
  const findings = replacementFindings(type, visible.map(normalizeSegments), before, after).map(
    (f: RuleFinding): Finding => ({ severity: f.severity, address, path: f.path, reason: f.reason }),
  );
  return { paths: visible.map(formatPath), ignoredPaths: ignored.map(formatPath), findings };
}

/** A reference to `address` inside a `${…}` expression. */
function references(value: unknown, address: string): boolean {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return [".", "[", "}", ")", ",", " "].some((next) => text.includes(`${address}${next}`));
}

/**
 * A resource whose ForceNew attribute refers to a replaced resource is
 * replaced too (its new value is unknown until apply): follow those references
 * within the stack until nothing new is found.
 */
function cascadeReplacements(after: Resources, diffs: Map<string, ResourceDiff>): void {
  const replaced = new Set([...diffs.values()].filter((d) => d.findings.some((f) => f.severity === "replace")).map((d) => d.address));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [address, { type, body }] of after) {
      if (replaced.has(address) || !isDataBearing(type)) continue;
      const existing = diffs.get(address);
      if (existing && existing.kind === "added") continue;
      for (const rule of unconditionalReplaceRules(type)) {
        const values = valuesAt(body, rule.path.split("."));
        const cause = [...replaced].find((origin) => values.some((v) => references(v, origin)));
        if (!cause) continue;
        const finding: Finding = {
          severity: "replace",
          address,
          path: rule.path,
          reason: `refers to ${cause}, which is replaced, so the new value is unknown until apply`,
        };
        const diff: ResourceDiff = existing ?? { address, type, kind: "changed", paths: [], ignoredPaths: [], findings: [] };
        diff.findings.push(finding);
        diffs.set(address, diff);
        replaced.add(address);
        grew = true;
        break;
      }
    }
  }
}

function addressOrder(a: ResourceDiff, b: ResourceDiff): number {
  const rank: Record<ResourceChangeKind, number> = { removed: 0, forgotten: 1, moved: 2, changed: 3, added: 4 };
  return rank[a.kind] - rank[b.kind] || a.address.localeCompare(b.address);
}

/** Shortened paths of everything outside `resource`. */
function settingsChanges(before: StackJson | undefined, after: StackJson | undefined): string[] {
  const strip = (stack: StackJson | undefined): Record<string, unknown> => {
    const { resource: _resource, "//": _meta, ...rest } = stack ?? {};
    return rest;
  };
  const paths = changedPaths(strip(before), strip(after)).map((p) => formatPath(p.filter((s) => typeof s === "string").slice(0, 4)));
  return [...new Set(paths)];
}

export function diffStack(stack: string, before: StackJson | undefined, after: StackJson | undefined): StackDiff {
  const old = resourcesOf(before);
  const next = resourcesOf(after);
  const { moved, forgotten } = refactorings(after);
  const diffs = new Map<string, ResourceDiff>();
  const movedTargets = new Set<string>();

  for (const [address, { type, body }] of old) {
    const current = next.get(address);
    if (current) {
      const { paths, ignoredPaths, findings } = diffResource(address, type, body, current.body);
      if (paths.length + ignoredPaths.length > 0) diffs.set(address, { address, type, kind: "changed", paths, ignoredPaths, findings });
      continue;
    }
    const target = moved.get(address);
    const movedTo = target ? next.get(target) : undefined;
    if (target && movedTo && !old.has(target)) {
      const { paths, ignoredPaths, findings } = diffResource(target, movedTo.type, body, movedTo.body);
      diffs.set(target, { address: target, type: movedTo.type, kind: "moved", movedFrom: address, paths, ignoredPaths, findings });
      movedTargets.add(target);
      continue;
    }
    if (forgotten.has(address)) {
      diffs.set(address, { address, type, kind: "forgotten", paths: [], ignoredPaths: [], findings: [] });
      continue;
    }
    const entry = dataBearingType(type);
    const findings: Finding[] = entry
      ? [{ severity: "destroy", address, reason: `removed from the configuration: destroys ${entry.holds}` }]
      : [];
    diffs.set(address, { address, type, kind: "removed", paths: [], ignoredPaths: [], findings });
  }
  for (const [address, { type }] of next) {
    if (!old.has(address) && !movedTargets.has(address)) diffs.set(address, { address, type, kind: "added", paths: [], ignoredPaths: [], findings: [] });
  }
  if (before && after) cascadeReplacements(next, diffs);

  const settings = before && after ? settingsChanges(before, after) : [];
  const findings: Finding[] = [];
  if (before && after && settings.some((p) => p.startsWith("terraform.backend") || p.startsWith("terraform.cloud"))) {
    findings.push({
      severity: "caution",
      address: stack,
      reason: "the state backend changed: Terraform starts from the new location's state (empty unless migrated with -migrate-state)",
    });
  }
  if (before && !after) {
    const dataBearing = [...old.values()].filter((r) => isDataBearing(r.type)).length;
    if (dataBearing > 0) {
      findings.push({
        severity: "caution",
        address: stack,
        reason: `stack no longer synthesized: deploys stop managing its ${dataBearing} data-bearing resource(s); nothing is destroyed unless someone runs destroy on its state`,
      });
    }
  }

  const resources = [...diffs.values()].sort(addressOrder);
  const status: StackStatus = !before ? "added" : !after ? "removed" : resources.length + settings.length > 0 ? "changed" : "unchanged";
  return { stack, status, resources: before && after ? resources : [], settings, findings, resourcesBefore: before ? old.size : 0, resourcesAfter: after ? next.size : 0 };
}

export interface SynthSide {
  readonly label: string;
  readonly manifest?: Manifest;
  readonly stacks: Map<string, StackJson>;
}

export function readSide(label: string, outdir: string | undefined): SynthSide {
  if (!outdir) return { label, stacks: new Map() };
  const { manifest, stacks } = readSynth(outdir);
  return { label, manifest, stacks };
}

export function diffSynths(base: SynthSide, head: SynthSide, warnings: string[] = []): SynthDiffReport {
  const headOrder = head.manifest ? dependencyOrder(head.manifest) : [];
  const removed = [...base.stacks.keys()].filter((name) => !head.stacks.has(name)).sort();
  const stacks = [...headOrder, ...removed].map((name) => diffStack(name, base.stacks.get(name), head.stacks.get(name)));
  return { base: base.label, head: head.label, stacks, warnings };
}

/** Compares two synth directories (`cdktf.out` layouts). */
export function diffSynthDirs(baseDir: string, headDir: string, labels: { base?: string; head?: string } = {}): SynthDiffReport {
  return diffSynths(readSide(labels.base ?? baseDir, baseDir), readSide(labels.head ?? headDir, headDir));
}
