/**
 * What the schema checks share while walking one stack: its name, what it
 * declares (so references can be resolved) and the problems found so far.
 */
import type { StackJson } from "../../ci/synth";
import type { AcceptanceProblem } from "../problem";

/** What a stack declares, by the names references use. */
export interface Declared {
  /** `aws_vpc` → names declared under it. */
  readonly resources: ReadonlyMap<string, ReadonlySet<string>>;
  readonly data: ReadonlyMap<string, ReadonlySet<string>>;
  /** Ephemeral resources (`ephemeral.random_password.x`), by type. */
  readonly ephemeral: ReadonlyMap<string, ReadonlySet<string>>;
  readonly variables: ReadonlySet<string>;
  readonly locals: ReadonlySet<string>;
  readonly modules: ReadonlySet<string>;
  /** Provider configurations: `aws`, `kubernetes.in-cluster`. */
  readonly providers: ReadonlySet<string>;
}

/** What a remote-state data source can read: the producer's outputs, or why there is no producer. */
export type RemoteOutputs = { readonly outputs: ReadonlySet<string> } | { readonly missing: string };

export interface StackContext {
  readonly stack: string;
  readonly declared: Declared;
  /** By data source name (`cross-stack-reference-input-dev-cluster`). */
  readonly remoteStates: ReadonlyMap<string, RemoteOutputs>;
  readonly problems: AcceptanceProblem[];
}

export function report(context: StackContext, address: string, key: string, message: string): void {
  context.problems.push({ stack: context.stack, address, ...(key ? { key } : {}), message });
}

export function declarations(json: StackJson): Declared {
  const names = (section: unknown): Set<string> => new Set(isObject(section) ? Object.keys(section) : []);
  const byType = (section: unknown): Map<string, Set<string>> =>
    new Map(isObject(section) ? Object.entries(section).map(([type, byName]) => [type, names(byName)]) : []);
  return {
    resources: byType(json.resource),
    data: byType(json.data),
    ephemeral: byType(json.ephemeral),
    variables: names(json.variable),
    locals: names(json.locals),
    modules: names(json.module),
    providers: new Set(providerConfigs(json).map(({ name, body }) => (typeof body.alias === "string" ? `${name}.${body.alias}` : name))),
  };
}

/** Each provider configuration block: cdktf writes a list per provider name, Terraform also takes one object. */
export function providerConfigs(json: StackJson): { name: string; body: Record<string, unknown> }[] {
  if (!isObject(json.provider)) return [];
  return Object.entries(json.provider).flatMap(([name, configs]) => (Array.isArray(configs) ? configs : [configs]).filter(isObject).map((body) => ({ name, body })));
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `a, b, c` for a message, cut after a dozen names so one problem stays one line. */
export function nameList(names: readonly string[]): string {
  const shown = names.slice(0, 12).join(", ");
  return names.length > 12 ? `${shown}, … (${names.length - 12} more)` : shown || "(none)";
}

/** `parent.child`, or `child` at the top. */
export function keyPath(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}
