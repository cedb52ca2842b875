/**
 * Checks synthesized stacks against the provider schemas, the way
 * `terraform validate` would with the providers installed: every resource,
 * data source and provider block holds only arguments and blocks its schema
 * knows (nested blocks too) and every required one; meta-arguments are well
 * formed; every reference resolves to something declared, reading an
 * attribute that exists, across stacks through remote state included.
 */
import type { StackJson } from "../../ci/synth";
import type { AcceptanceProblem } from "../problem";
import { list } from "../../policy/json";
import { declarations, isObject, keyPath, nameList, providerConfigs, report, type StackContext } from "./context";
import { checkLifecycle } from "./lifecycle";
import { knownNames, schemaFor, type BlockSchema, type NestedBlockSchema, type SchemaKind } from "./provider-schema";
import { checkDependsOn, checkStrings } from "./references";
import { remoteStates } from "./remote-state";

/** Meta-arguments Terraform takes besides the schema, per kind; `//` is cdktf's metadata comment. */
const META: Record<SchemaKind, ReadonlySet<string>> = {
  resource: new Set(["//", "depends_on", "count", "for_each", "provider", "lifecycle", "connection", "provisioner"]),
  data: new Set(["//", "depends_on", "count", "for_each", "provider", "lifecycle"]),
  ephemeral: new Set(["//", "depends_on", "count", "for_each", "provider", "lifecycle"]),
  provider: new Set(["//", "alias"]),
};

const OUTPUT_KEYS = ["value", "description", "sensitive", "ephemeral", "depends_on", "precondition"];

/** Every problem of every stack; `stacks` is the whole set, so remote-state reads can find their producers. */
export function checkSchemas(stacks: ReadonlyMap<string, StackJson>): AcceptanceProblem[] {
  return [...stacks.keys()].flatMap((name) => checkStack(name, stacks));
}

/** The problems of one stack of `stacks` (the others only serve to resolve its remote-state reads). */
export function checkStack(stack: string, stacks: ReadonlyMap<string, StackJson>): AcceptanceProblem[] {
  const json = stacks.get(stack);
  if (!json) throw new Error(`no stack ${stack} among ${[...stacks.keys()].join(", ")}`);
  const context: StackContext = { stack, declared: declarations(json), remoteStates: remoteStates(stack, json, stacks), problems: [] };
  for (const [type, name, body] of objects(json.resource)) checkObject(context, "resource", type, `${type}.${name}`, body);
  for (const [type, name, body] of objects(json.data)) checkObject(context, "data", type, `data.${type}.${name}`, body);
  for (const [type, name, body] of objects(json.ephemeral)) checkObject(context, "ephemeral", type, `ephemeral.${type}.${name}`, body);
  for (const [name, remote] of context.remoteStates) {
    if ("missing" in remote) report(context, `data.terraform_remote_state.${name}`, "config", remote.missing);
  }
  for (const { name, body } of providerConfigs(json)) {
    const address = typeof body.alias === "string" ? `provider.${name}.${body.alias}` : `provider.${name}`;
    checkObject(context, "provider", name, address, body);
  }
  checkOutputs(context, json.output);
  if (isObject(json.locals)) for (const [name, value] of Object.entries(json.locals)) checkStrings(context, `local.${name}`, "", value);
  return context.problems;
}

/** `[type, name, body]` of each resource or data source. */
function objects(section: unknown): [string, string, unknown][] {
  if (!isObject(section)) return [];
  return Object.entries(section).flatMap(([type, byName]) => (isObject(byName) ? Object.entries(byName).map(([name, body]): [string, string, unknown] => [type, name, body]) : []));
}

function checkObject(context: StackContext, kind: SchemaKind, type: string, address: string, body: unknown): void {
  if (!isObject(body)) return report(context, address, "", `expected an object, got ${JSON.stringify(body)}`);
  const lookup = schemaFor(kind, type);
  if ("missing" in lookup) report(context, address, "", lookup.missing);
  else checkBlock(context, address, "", lookup.schema, body, META[kind]);
  checkMeta(context, address, kind, "schema" in lookup ? lookup.schema : undefined, body);
}

function checkMeta(context: StackContext, address: string, kind: SchemaKind, schema: BlockSchema | undefined, body: Record<string, unknown>): void {
  if (kind === "provider") return;
  checkDependsOn(context, address, body.depends_on);
  if (schema) checkLifecycle(context, address, schema, body.lifecycle);
  for (const key of ["count", "for_each", "connection", "provisioner"]) checkStrings(context, address, key, body[key]);
  checkProviderMeta(context, address, body.provider);
}

/** `provider = "aws.secondary"`: a provider configuration the stack declares. */
function checkProviderMeta(context: StackContext, address: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "string" || !context.declared.providers.has(value)) {
    report(context, address, "provider", `${JSON.stringify(value)} is not a provider configuration of this stack; declared: ${nameList([...context.declared.providers])}`);
  }
}

/**
 * One block against its schema: each key known, each required argument and
 * block present, nested blocks recursively, strings checked for references.
 */
function checkBlock(context: StackContext, address: string, at: string, schema: BlockSchema, body: Record<string, unknown>, meta: ReadonlySet<string>): void {
  for (const [key, value] of Object.entries(body)) {
    const block = schema.blocks.get(key);
    if (block) checkNested(context, address, keyPath(at, key), block, value);
    else if (schema.attributes.has(key)) checkStrings(context, address, keyPath(at, key), value);
    else if (!meta.has(key)) report(context, address, keyPath(at, key), unknownKeyMessage(schema, key));
  }
  for (const [name, attribute] of schema.attributes) {
    if (attribute.required && (body[name] ?? null) === null) report(context, address, keyPath(at, name), `required argument "${name}" is missing`);
  }
  for (const [name, block] of schema.blocks) {
    if (block.required && list(body[name]).length === 0) report(context, address, keyPath(at, name), `required block "${name}" is missing`);
  }
}

function unknownKeyMessage(schema: BlockSchema, key: string): string {
  const computed = schema.computed.has(key) ? " (it is computed: readable, not settable)" : "";
  return `unknown argument or block "${key}"${computed}; known: ${nameList(knownNames(schema))}`;
}

/** A nested block as cdktf writes it: one object, a list of objects, or for a map nesting an object by key. */
function checkNested(context: StackContext, address: string, at: string, nested: NestedBlockSchema, value: unknown): void {
  const elements = blockElements(at, nested, value);
  if (nested.maxOne && elements.length > 1) report(context, address, at, `at most one "${at.split(".").pop()}" block is allowed, got ${elements.length}`);
  for (const [path, element] of elements) {
    if (isObject(element)) checkBlock(context, address, path, nested.block, element, NO_META);
    else report(context, address, path, `expected a block (an object), got ${JSON.stringify(element)}`);
  }
}

/** Each block with its key path: `spec[0]` in a list or set, `x["key"]` in a map, `timeouts` for a single block. */
function blockElements(at: string, nested: NestedBlockSchema, value: unknown): [string, unknown][] {
  if (nested.nesting === "map" && isObject(value)) return Object.entries(value).map(([key, element]) => [`${at}[${JSON.stringify(key)}]`, element]);
  return list(value).map((element, index) => [nested.nesting === "single" ? at : `${at}[${index}]`, element]);
}

const NO_META: ReadonlySet<string> = new Set();

/** Outputs: known keys and resolvable references (what remote-state readers of this stack get). */
function checkOutputs(context: StackContext, outputs: unknown): void {
  if (!isObject(outputs)) return;
  for (const [name, body] of Object.entries(outputs)) {
    const address = `output.${name}`;
    if (!isObject(body)) {
      report(context, address, "", "an output must be a block (an object)");
      continue;
    }
    for (const key of Object.keys(body).filter((k) => !OUTPUT_KEYS.includes(k))) report(context, address, key, `unknown output argument "${key}"; known: ${nameList(OUTPUT_KEYS)}`);
    if (!("value" in body)) report(context, address, "value", `required argument "value" is missing`);
    checkDependsOn(context, address, body.depends_on);
    checkStrings(context, address, "value", body.value);
  }
}
