/**
 * References inside a stack: every `${…}` of every string must name
 * something the stack declares, and read an attribute its type has;
 * `depends_on` entries must be bare static references to declared objects.
 */
import { isObject, keyPath, nameList, report, type StackContext } from "./context";
import { isReadable, knownNames, schemaFor, type SchemaKind } from "./provider-schema";
import { formatTraversal, parseTraversal, scanTemplate, type Step, type Traversal } from "../template";

/** Roots that name no declared object: `count.index`, `each.value`, `path.module`, `terraform.workspace`, `self.x`. */
const CONTEXT_ROOTS = new Set(["count", "each", "path", "terraform", "self"]);

/**
 * Every string in `value` (nested objects and lists, object keys included,
 * which Terraform reads as templates too) checked for its references.
 */
export function checkStrings(context: StackContext, address: string, key: string, value: unknown): void {
  if (typeof value === "string") checkTemplate(context, address, key, value);
  else if (Array.isArray(value)) value.forEach((item, index) => checkStrings(context, address, `${key}[${index}]`, item));
  else if (isObject(value)) {
    for (const [name, item] of Object.entries(value)) {
      checkTemplate(context, address, key, name);
      checkStrings(context, address, keyPath(key, name), item);
    }
  }
}

function checkTemplate(context: StackContext, address: string, key: string, text: string): void {
  if (!text.includes("{")) return;
  const scan = scanTemplate(text);
  if (scan.error) report(context, address, key, scan.error);
  for (const reference of scan.references) {
    const problem = referenceProblem(context, reference) ?? ephemeralUseProblem(reference, address, key);
    if (problem) report(context, address, key, `${formatTraversal(reference)}: ${problem}`);
  }
}

/**
 * Terraform lets an ephemeral value flow only into write-only attributes (named `…_wo` by
 * convention in every provider), provider configuration, locals and other ephemeral resources;
 * anywhere else it would be persisted, and `terraform validate` refuses it. The provider-free
 * rewrite cannot see this (it has no write-only attributes), so it is checked here.
 */
function ephemeralUseProblem(reference: Traversal, address: string, key: string): string | undefined {
  if (reference.root !== "ephemeral") return undefined;
  const [section] = address.split(".");
  if (section === "ephemeral" || section === "provider" || section === "local") return undefined;
  const attribute = /^[^.[]*/.exec(key)?.[0] ?? "";
  if (attribute.endsWith("_wo")) return undefined;
  return `an ephemeral value may only be used in a write-only attribute (…_wo), a provider configuration, a local or another ephemeral resource, not in "${attribute || key}" (Terraform would persist it)`;
}

/** What is wrong with one reference, or undefined when it resolves. */
export function referenceProblem(context: StackContext, reference: Traversal): string | undefined {
  const { root, steps } = reference;
  const [first, second] = steps.map((step) => ("attr" in step ? step.attr : undefined));
  const { declared } = context;
  if (CONTEXT_ROOTS.has(root)) return undefined;
  if (root === "var") return declared.variables.has(first ?? "") ? undefined : `no variable "${first}" is declared`;
  if (root === "local") return declared.locals.has(first ?? "") ? undefined : `no local value "${first}" is declared`;
  if (root === "module") return declared.modules.has(first ?? "") ? undefined : `no module "${first}" is declared`;
  if (root === "ephemeral") {
    if (!first || !second) return `an ephemeral resource reference is ephemeral.TYPE.NAME`;
    if (!declared.ephemeral.get(first)?.has(second)) return `no ephemeral resource ${first}.${second} is declared in this stack`;
    return attributeProblem("ephemeral", first, steps.slice(2));
  }
  if (root === "data") {
    if (!first || !second) return `a data source reference is data.TYPE.NAME`;
    if (!declared.data.get(first)?.has(second)) return `no data source ${first}.${second} is declared in this stack`;
    return first === "terraform_remote_state" ? remoteStateProblem(context, second, steps.slice(2)) : attributeProblem("data", first, steps.slice(2));
  }
  if (!first) return `a resource reference is TYPE.NAME`;
  if (!declared.resources.get(root)?.has(first)) return `no resource ${root}.${first} is declared in this stack`;
  return attributeProblem("resource", root, steps.slice(1));
}

/** The first attribute read after `TYPE.NAME` (and an optional `[index]` or splat) must exist on the type. */
function attributeProblem(kind: SchemaKind, type: string, steps: readonly Step[]): string | undefined {
  const attribute = firstAttribute(steps);
  const lookup = schemaFor(kind, type);
  if (attribute === undefined || !("schema" in lookup) || isReadable(lookup.schema, attribute)) return undefined;
  return `${type} has no attribute "${attribute}"; readable: ${nameList(knownNames(lookup.schema, true))}`;
}

function firstAttribute(steps: readonly Step[]): string | undefined {
  const step = steps.find((s) => "attr" in s);
  return step && "attr" in step ? step.attr : undefined;
}

/** `data.terraform_remote_state.N.outputs.KEY` (or `outputs["KEY"]`): KEY must be an output of the producing stack. */
function remoteStateProblem(context: StackContext, name: string, steps: readonly Step[]): string | undefined {
  const problem = attributeProblem("data", "terraform_remote_state", steps);
  if (problem || firstAttribute(steps) !== "outputs") return problem;
  const remote = context.remoteStates.get(name);
  const key = outputKey(steps[steps.findIndex((s) => "attr" in s) + 1]);
  if (!remote || "missing" in remote || key === undefined || remote.outputs.has(key)) return undefined;
  return `the producing stack has no output "${key}"; its outputs: ${nameList([...remote.outputs].sort())}`;
}

/** `.KEY` or `["KEY"]`; undefined for a computed key. */
function outputKey(step: Step | undefined): string | undefined {
  if (!step) return undefined;
  if ("attr" in step) return step.attr;
  return /^"[^"\\]*"$/.test(step.index) ? step.index.slice(1, -1) : undefined;
}

/**
 * `depends_on`: Terraform wants "a single static variable reference" per
 * entry (`aws_vpc.x`, `data.t.n`, `module.m`), not a template such as
 * `${aws_vpc.x}`, and it must name something declared.
 */
export function checkDependsOn(context: StackContext, address: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) return report(context, address, "depends_on", "depends_on must be a list of references");
  value.forEach((entry, index) => {
    const problem = dependencyProblem(context, entry);
    if (problem) report(context, address, `depends_on[${index}]`, problem);
  });
}

function dependencyProblem(context: StackContext, entry: unknown): string | undefined {
  const traversal = typeof entry === "string" ? parseTraversal(entry) : undefined;
  if (!traversal || !isWholeObject(traversal)) {
    return `${JSON.stringify(entry)} is not a single static reference; each entry must be a bare TYPE.NAME, data.TYPE.NAME or module.NAME (no \${…})`;
  }
  return referenceProblem(context, traversal);
}

/** `TYPE.NAME`, `data.TYPE.NAME` or `module.NAME`: an object, not one of its attributes. */
function isWholeObject({ root, steps }: Traversal): boolean {
  const length = root === "data" || root === "ephemeral" ? 2 : 1;
  return steps.length === length && steps.every((step) => "attr" in step) && !CONTEXT_ROOTS.has(root) && root !== "var" && root !== "local";
}
