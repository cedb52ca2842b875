/**
 * A stack rewritten so Terraform can validate it without its providers.
 *
 * Every resource, data source, ephemeral resource and provider block becomes a `terraform_data`
 * resource (built into Terraform, nothing to download) whose `input` is the
 * original body, and every reference is renamed to match. `terraform
 * validate` then parses every string of the stack as the template it is,
 * resolves every reference and checks every expression, function call and
 * meta-argument that does not depend on a provider's schema (the schema
 * checks in lib/acceptance/schema cover that part). Remote-state data
 * sources are built in too and stay as they are.
 */
import type { StackJson } from "../../ci/synth";
import type { KeyPath } from "./located-json";
import { mapExpressions } from "./template";

type Json = Record<string, any>;

const REMOTE_STATE = "terraform_remote_state";
/** Meta-arguments with nothing Terraform could check without the real resource type. */
const DROPPED_META = new Set(["provider", "provisioner", "connection", "//"]);
/** Lifecycle arguments that only mean something against the real resource's schema. */
const SCHEMA_LIFECYCLE = new Set(["ignore_changes"]);

export interface ProviderFreeConfig {
  readonly json: Json;
  /** Where a key path of `json` came from in the stack: its address and the key inside it. */
  origin(path: KeyPath): { address: string; key: KeyPath };
}

const resourceName = (type: string, name: string) => `${type}__${name}`;
const dataName = (type: string, name: string) => `data__${type}__${name}`;
const ephemeralName = (type: string, name: string) => `ephemeral__${type}__${name}`;

export function providerFree(stack: StackJson): ProviderFreeConfig {
  const origins = new Map<string, string>();
  const declared = (kind: "resource" | "data" | "ephemeral") =>
    new Set(Object.entries((stack[kind] ?? {}) as Json).flatMap(([type, byName]) => Object.keys(byName as Json).map((name) => `${type}.${name}`)));
  const resources = declared("resource");
  const dataSources = declared("data");
  const ephemerals = declared("ephemeral");

  /**
   * `aws_vpc.main[0].id` → `terraform_data.aws_vpc__main[0].output.id`; undeclared references are left for Terraform to refuse.
   * An ephemeral value becomes an ordinary one here: where it may flow (write-only attributes only) is
   * the provider schema's business, checked in lib/acceptance/schema.
   */
  const renameReferences = (expression: string): string =>
    expression.replace(/(?<![\w.\]\)-])(data\.|ephemeral\.)?([A-Za-z_][\w]*)\.([A-Za-z_][\w-]*)((?:\[[^\]]*\])?)/g, (whole, prefix, type, name, index) => {
      const data = prefix === "data.";
      if (prefix === "ephemeral.") return ephemerals.has(`${type}.${name}`) ? `terraform_data.${ephemeralName(type, name)}${index}.output` : whole;
      if (data && dataSources.has(`${type}.${name}`) && type !== REMOTE_STATE) return `terraform_data.${dataName(type, name)}${index}.output`;
      if (!data && resources.has(`${type}.${name}`)) return `terraform_data.${resourceName(type, name)}${index}.output`;
      return whole;
    });
  /** A bare address in depends_on or replace_triggered_by. */
  const renameAddress = (address: string): string => {
    const match = /^(data\.|ephemeral\.)?([A-Za-z_][\w]*)\.([A-Za-z_][\w-]*)(.*)$/.exec(address);
    if (!match) return address;
    const [, prefix, type, name] = match as unknown as [string, string | undefined, string, string];
    const data = prefix === "data.";
    if (prefix === "ephemeral.") return ephemerals.has(`${type}.${name}`) ? `terraform_data.${ephemeralName(type, name)}` : address;
    if (data && dataSources.has(`${type}.${name}`) && type !== REMOTE_STATE) return `terraform_data.${dataName(type, name)}`;
    if (!data && resources.has(`${type}.${name}`)) return `terraform_data.${resourceName(type, name)}`;
    return address;
  };
  const strings = (value: unknown): unknown => {
    if (typeof value === "string") return mapExpressions(value, renameReferences);
    if (Array.isArray(value)) return value.map(strings);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "//").map(([key, item]) => [mapExpressions(key, renameReferences), strings(item)]));
    }
    return value;
  };
  const meta = (body: Json): Json => {
    const out: Json = {};
    if (body.count !== undefined) out.count = strings(body.count);
    if (body.for_each !== undefined) out.for_each = strings(body.for_each);
    if (Array.isArray(body.depends_on)) out.depends_on = body.depends_on.map((entry: unknown) => (typeof entry === "string" ? renameAddress(entry) : entry));
    if (body.lifecycle && typeof body.lifecycle === "object") {
      const lifecycle = Object.fromEntries(Object.entries(body.lifecycle as Json).filter(([key]) => !SCHEMA_LIFECYCLE.has(key)));
      if (Array.isArray(lifecycle.replace_triggered_by)) lifecycle.replace_triggered_by = lifecycle.replace_triggered_by.map((entry: string) => renameAddress(entry));
      out.lifecycle = lifecycle;
    }
    return out;
  };
  const asData = (body: Json): Json => {
    const input = Object.fromEntries(Object.entries(body).filter(([key]) => !["count", "for_each", "depends_on", "lifecycle"].includes(key) && !DROPPED_META.has(key)));
    return { input: strings(input), ...meta(body) };
  };

  const terraformData: Json = {};
  const add = (name: string, address: string, body: Json) => {
    terraformData[name] = asData(body);
    origins.set(name, address);
  };
  for (const [type, byName] of Object.entries((stack.resource ?? {}) as Json)) {
    for (const [name, body] of Object.entries(byName as Json)) add(resourceName(type, name), `${type}.${name}`, body);
  }
  const remoteStates: Json = {};
  for (const [type, byName] of Object.entries((stack.data ?? {}) as Json)) {
    for (const [name, body] of Object.entries(byName as Json)) {
      if (type === REMOTE_STATE) remoteStates[name] = strings(body);
      else add(dataName(type, name), `data.${type}.${name}`, body);
    }
  }
  for (const [type, byName] of Object.entries((stack.ephemeral ?? {}) as Json)) {
    for (const [name, body] of Object.entries(byName as Json)) add(ephemeralName(type, name), `ephemeral.${type}.${name}`, body);
  }
  for (const [type, configs] of Object.entries((stack.provider ?? {}) as Json)) {
    for (const config of configs as Json[]) add(`provider__${type}__${config.alias ?? "default"}`, `provider.${type}${config.alias ? `.${config.alias}` : ""}`, config);
  }

  const json: Json = {};
  if (stack.terraform?.required_version) json.terraform = { required_version: stack.terraform.required_version };
  if (stack.locals) json.locals = strings(stack.locals);
  if (stack.variable) json.variable = strings(stack.variable);
  if (Object.keys(remoteStates).length > 0) json.data = { [REMOTE_STATE]: remoteStates };
  if (Object.keys(terraformData).length > 0) json.resource = { terraform_data: terraformData };
  if (stack.output) {
    json.output = Object.fromEntries(Object.entries(stack.output as Json).map(([name, body]) => [name, { ...(strings(body) as Json), ...meta(body) }]));
  }

  return {
    json,
    origin(path) {
      const [section, type, name, ...rest] = path.map(String);
      if (section === "resource" && type === "terraform_data" && name !== undefined) {
        const key = path.slice(3);
        return { address: origins.get(name) ?? name, key: key[0] === "input" ? key.slice(1) : key };
      }
      if (section === "data") return { address: `data.${type}.${name}`, key: path.slice(3) };
      if (section === "output") return { address: `output.${type}`, key: path.slice(2) };
      if (section === "locals") return { address: `local.${type}`, key: path.slice(2) };
      if (section === "variable") return { address: `var.${type}`, key: path.slice(2) };
      return { address: [section, type, name, ...rest].filter((p) => p !== undefined).join("."), key: [] };
    },
  };
}
