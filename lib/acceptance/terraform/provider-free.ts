/**
 * A stack rewritten so Terraform can validate it without its providers.
 *
 * Every resource, data source and provider block becomes a `terraform_data`
 * resource (built into Terraform, nothing to download) whose `input` is the
 * original body, and every reference is renamed to match. `terraform
 * validate` then parses every string of the stack as the template it is,
 * resolves every reference and checks every expression, function call and
 * meta-argument that does not depend on a provider's schema (the schema
 * checks in lib/acceptance/schema cover that part). Remote-state data
 * sources are built in too and stay as they are.
 */
import type { StackJson } from "../../ci/synth";
import { mapExpressions } from "../template";
import type { KeyPath } from "../problem";

type Json = Record<string, any>;

const REMOTE_STATE = "terraform_remote_state";
/** Meta-arguments kept on the `terraform_data` (renamed); everything else of a body goes into its `input`. */
const META = new Set(["count", "for_each", "depends_on", "lifecycle"]);
/** Meta-arguments with nothing Terraform could check without the real resource type. */
const DROPPED = new Set(["provider", "provisioner", "connection", "//"]);
/** Lifecycle arguments that only mean something against the real resource's schema (checked by lib/acceptance/schema). */
const SCHEMA_LIFECYCLE = new Set(["ignore_changes"]);

export interface ProviderFreeConfig {
  readonly json: Json;
  /** Where a key path of `json` came from in the stack: its address and the key inside it. */
  origin(path: KeyPath): { address: string; key: KeyPath };
}

const resourceName = (type: string, name: string) => `${type}__${name}`;
const dataName = (type: string, name: string) => `data__${type}__${name}`;
const ephemeralName = (type: string, name: string) => `ephemeral__${type}__${name}`;

/** Every `[type, name, body]` of a `resource`, `data` or `ephemeral` section. */
function blocks(section: Json | undefined): [string, string, Json][] {
  return Object.entries(section ?? {}).flatMap(([type, byName]) => Object.entries(byName as Json).map(([name, body]) => [type, name, body as Json] as [string, string, Json]));
}

/**
 * Renames references to resources, data sources and ephemeral resources of one stack to their
 * `terraform_data` stand-ins. An ephemeral value becomes an ordinary one here: where it may flow
 * (write-only attributes only) is the provider schema's business, checked in lib/acceptance/schema.
 */
class Renamer {
  /** `T.N` declared in each section; remote states stay what they are. */
  private readonly declared: Record<"resource" | "data" | "ephemeral", Set<string>>;

  constructor(stack: StackJson) {
    const names = (section: Json | undefined) => new Set(blocks(section).filter(([type]) => type !== REMOTE_STATE).map(([type, name]) => `${type}.${name}`));
    this.declared = { resource: names(stack.resource), data: names(stack.data), ephemeral: names(stack.ephemeral) };
  }

  /** The stand-in of `[data.|ephemeral.]type.name`, or undefined when the stack declares no such thing (Terraform will say so). */
  private standIn(prefix: string | undefined, type: string, name: string): string | undefined {
    const section = prefix === "data." ? "data" : prefix === "ephemeral." ? "ephemeral" : "resource";
    if (!this.declared[section].has(`${type}.${name}`)) return undefined;
    const standIn = { resource: resourceName, data: dataName, ephemeral: ephemeralName }[section](type, name);
    return `terraform_data.${standIn}`;
  }

  /** In an expression: `aws_vpc.main[0].id` → `terraform_data.aws_vpc__main[0].output.id`. */
  readonly expression = (expression: string): string =>
    expression.replace(/(?<![\w.\])-])(data\.|ephemeral\.)?([A-Za-z_]\w*)\.([A-Za-z_][\w-]*)((?:\[[^\]]*\])?)/g, (whole, prefix, type, name, index) => {
      const standIn = this.standIn(prefix, type, name);
      return standIn ? `${standIn}${index}.output` : whole;
    });

  /** A bare address in depends_on or replace_triggered_by. */
  readonly address = (address: string): string => {
    const match = /^(data\.|ephemeral\.)?([A-Za-z_]\w*)\.([A-Za-z_][\w-]*)/.exec(address);
    return (match && this.standIn(match[1], match[2]!, match[3]!)) ?? address;
  };

  /** Every string of a value (keys too) with its expressions renamed; `//` comments dropped. */
  readonly strings = (value: unknown): unknown => {
    if (typeof value === "string") return mapExpressions(value, this.expression);
    if (Array.isArray(value)) return value.map(this.strings);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "//").map(([key, item]) => [mapExpressions(key, this.expression), this.strings(item)]));
  };

  /** count, for_each, depends_on and lifecycle of a body, renamed. */
  meta(body: Json): Json {
    const out: Json = {};
    if (body.count !== undefined) out.count = this.strings(body.count);
    if (body.for_each !== undefined) out.for_each = this.strings(body.for_each);
    if (Array.isArray(body.depends_on)) out.depends_on = body.depends_on.map((entry: unknown) => (typeof entry === "string" ? this.address(entry) : entry));
    if (body.lifecycle && typeof body.lifecycle === "object") {
      const lifecycle = Object.fromEntries(Object.entries(body.lifecycle as Json).filter(([key]) => !SCHEMA_LIFECYCLE.has(key)));
      if (Array.isArray(lifecycle.replace_triggered_by)) lifecycle.replace_triggered_by = lifecycle.replace_triggered_by.map(this.address);
      out.lifecycle = lifecycle;
    }
    return out;
  }

  /** A resource, data source or provider body as a `terraform_data`: the body as `input`, meta-arguments kept. */
  standInBody(body: Json): Json {
    const input = Object.fromEntries(Object.entries(body).filter(([key]) => !META.has(key) && !DROPPED.has(key)));
    return { input: this.strings(input), ...this.meta(body) };
  }
}

export function providerFree(stack: StackJson): ProviderFreeConfig {
  const rename = new Renamer(stack);
  const origins = new Map<string, string>();
  const standIns: Json = {};
  const add = (name: string, address: string, body: Json) => {
    standIns[name] = rename.standInBody(body);
    origins.set(name, address);
  };
  for (const [type, name, body] of blocks(stack.resource)) add(resourceName(type, name), `${type}.${name}`, body);
  const remoteStates: Json = {};
  for (const [type, name, body] of blocks(stack.data)) {
    if (type === REMOTE_STATE) remoteStates[name] = rename.strings(body);
    else add(dataName(type, name), `data.${type}.${name}`, body);
  }
  for (const [type, name, body] of blocks(stack.ephemeral)) add(ephemeralName(type, name), `ephemeral.${type}.${name}`, body);
  for (const [type, configs] of Object.entries((stack.provider ?? {}) as Json)) {
    for (const config of configs as Json[]) add(`provider__${type}__${config.alias ?? "default"}`, `provider.${type}${config.alias ? `.${config.alias}` : ""}`, config);
  }

  const json: Json = {};
  if (stack.terraform?.required_version) json.terraform = { required_version: stack.terraform.required_version };
  if (stack.locals) json.locals = rename.strings(stack.locals);
  if (stack.variable) json.variable = rename.strings(stack.variable);
  if (Object.keys(remoteStates).length > 0) json.data = { [REMOTE_STATE]: remoteStates };
  if (Object.keys(standIns).length > 0) json.resource = { terraform_data: standIns };
  if (stack.output) json.output = Object.fromEntries(Object.entries(stack.output as Json).map(([name, body]) => [name, { ...(rename.strings(body) as Json), ...rename.meta(body) }]));
  return { json, origin: (path) => originOf(path, origins) };
}

/** The stack address and key behind a key path of the rewrite. */
function originOf(path: KeyPath, origins: ReadonlyMap<string, string>): { address: string; key: KeyPath } {
  const [section, type, name] = path.map(String);
  if (section === "resource" && type === "terraform_data" && name !== undefined) {
    const key = path.slice(3);
    return { address: origins.get(name) ?? name, key: key[0] === "input" ? key.slice(1) : key };
  }
  if (section === "data") return { address: `data.${type}.${name}`, key: path.slice(3) };
  if (section === "output") return { address: `output.${type}`, key: path.slice(2) };
  if (section === "locals") return { address: `local.${type}`, key: path.slice(2) };
  if (section === "variable") return { address: `var.${type}`, key: path.slice(2) };
  return { address: [section, type, name].filter((part) => part !== undefined).join("."), key: [] };
}
