/**
 * Terraform provider schemas, read from the prebuilt cdktf provider bindings in
 * node_modules (`@cdktf/provider-<name>`), so the checker knows what the
 * providers accept without downloading them (`terraform validate` cannot: it
 * needs the provider binaries) and without a hand-kept list of attributes.
 *
 * Each binding module is generated from the provider's schema and says it all
 * in its text: `synthesizeHclAttributes()` and `xxxToHclTerraform(struct)` list
 * every argument and nested block with its nesting; the config interfaces in
 * the `.d.ts` mark required ones (no `?`); the getters name what can be read,
 * computed attributes included. The text is parsed, not `require`d: loading a
 * module runs cdktf and jsii code for nothing, and the `@cdktf/provider-aws`
 * barrel would load all of its 2,200 modules. Parsing the ~50 types the
 * shipped stacks use takes about 0.1 s.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export type SchemaKind = "resource" | "data" | "provider" | "ephemeral";
/** The kinds the prebuilt bindings have classes for (cdktf 0.21 generates none for ephemeral resources). */
type BoundKind = Exclude<SchemaKind, "ephemeral">;

/** How a nested block appears in Terraform (`single` is one object, never indexed). */
export type Nesting = "single" | "list" | "set" | "map";

export interface NestedBlockSchema {
  readonly nesting: Nesting;
  readonly required: boolean;
  /** A list or set block that takes at most one element (cdktf types it as one object). */
  readonly maxOne: boolean;
  readonly block: BlockSchema;
}

export interface BlockSchema {
  /** Arguments (settable attributes) by Terraform name, with whether they are required. */
  readonly attributes: ReadonlyMap<string, { readonly required: boolean }>;
  /** Nested blocks (and nested object attributes, written the same way in JSON) by Terraform name. */
  readonly blocks: ReadonlyMap<string, NestedBlockSchema>;
  /** Attributes only the provider sets: readable in references, never written. */
  readonly computed: ReadonlySet<string>;
}

export type SchemaLookup = { readonly schema: BlockSchema } | { readonly missing: string };

/** True when `name` may follow `TYPE.NAME.` in a reference: an argument, a block or a computed attribute. */
export function isReadable(schema: BlockSchema, name: string): boolean {
  return schema.attributes.has(name) || schema.blocks.has(name) || schema.computed.has(name);
}

/** Every name a block knows, sorted, for messages. */
export function knownNames(schema: BlockSchema, withComputed = false): string[] {
  const names = [...schema.attributes.keys(), ...schema.blocks.keys(), ...(withComputed ? schema.computed : [])];
  return names.sort();
}

/**
 * Terraform's built-in `terraform_remote_state` data source (provider
 * terraform.io/builtin/terraform, which has no cdktf binding).
 */
const REMOTE_STATE: BlockSchema = {
  attributes: new Map([
    ["backend", { required: true }],
    ["config", { required: false }],
    ["defaults", { required: false }],
    ["workspace", { required: false }],
  ]),
  blocks: new Map(),
  computed: new Set(["outputs"]),
};

/**
 * Ephemeral resources the stacks open, written by hand from the providers' schemas (the bindings
 * have no ephemeral classes): hashicorp/random 3.7's `random_password`
 * (internal/provider/ephemeral_password.go). Its `result` and `bcrypt_hash` are ephemeral.
 */
const EPHEMERAL: Readonly<Record<string, BlockSchema>> = {
  random_password: {
    attributes: new Map([
      ["length", { required: true }],
      ...["special", "upper", "lower", "numeric", "min_numeric", "min_upper", "min_lower", "min_special", "override_special"].map((name): [string, { required: boolean }] => [name, { required: false }]),
    ]),
    blocks: new Map(),
    computed: new Set(["result", "bcrypt_hash"]),
  },
};

const cache = new Map<string, SchemaLookup>();

/** The schema of a resource type, data source type or provider (`aws`, `helm`), cached per process. */
export function schemaFor(kind: SchemaKind, type: string): SchemaLookup {
  const key = `${kind} ${type}`;
  let lookup = cache.get(key);
  if (!lookup) {
    if (kind === "ephemeral") {
      const schema = EPHEMERAL[type];
      lookup = schema ? { schema } : { missing: `no schema is known for ephemeral resource type "${type}" (the bindings have none; add it to EPHEMERAL in lib/acceptance/schema/provider-schema.ts)` };
    } else lookup = kind === "data" && type === "terraform_remote_state" ? { schema: REMOTE_STATE } : lookUp(kind, type);
    cache.set(key, lookup);
  }
  return lookup;
}

function lookUp(kind: BoundKind, type: string): SchemaLookup {
  const provider = kind === "provider" ? type : type.split("_")[0]!;
  const lib = providerLib(provider);
  if (!lib) return { missing: `no provider binding @cdktf/provider-${provider} is installed for ${kind} type "${type}"` };
  const dir = findModule(lib, kind, type);
  if (!dir) return { missing: `@cdktf/provider-${provider} has no ${kind === "data" ? "data source" : kind} "${type}"` };
  return { schema: parseModule(readModule(dir)) };
}

/** `node_modules/@cdktf/provider-<name>/lib`, or undefined when that binding is not installed. */
function providerLib(provider: string): string | undefined {
  try {
    return join(dirname(require.resolve(`@cdktf/provider-${provider}/package.json`)), "lib");
  } catch {
    return undefined;
  }
}

const BASE_CLASS: Record<BoundKind, string> = {
  resource: "TerraformResource",
  data: "TerraformDataSource",
  provider: "TerraformProvider",
};

/**
 * The module directory whose main class has `tfResourceType` = `type`. The
 * generator names directories after the type (`aws_eks_cluster` →
 * `eks-cluster`, data sources `data-aws-…`, `-resource` appended on a clash
 * such as `random_string` → `string-resource`), so those are tried first;
 * anything else falls back to reading every module of the provider once.
 */
function findModule(lib: string, kind: BoundKind, type: string): string | undefined {
  const guess = guessedDirs(kind, type).map((name) => join(lib, name));
  const hit = guess.find((dir) => existsSync(join(dir, "index.d.ts")) && declares(readFileSync(join(dir, "index.d.ts"), "utf8"), kind, type));
  return hit ?? moduleIndex(lib).get(`${kind} ${type}`);
}

function guessedDirs(kind: BoundKind, type: string): string[] {
  if (kind === "provider") return ["provider"];
  const kebab = type.replace(/_/g, "-");
  const base = kind === "data" ? `data-${kebab}` : kebab.slice(kebab.indexOf("-") + 1);
  return [base, `${base}-resource`];
}

const MAIN_CLASS = /^export declare class (\w+) extends cdktf\.(Terraform\w+) \{\n\s+static readonly tfResourceType = "([\w-]+)";/m;

function declares(dts: string, kind: BoundKind, type: string): boolean {
  const match = MAIN_CLASS.exec(dts);
  return match?.[2] === BASE_CLASS[kind] && match[3] === type;
}

const indexes = new Map<string, Map<string, string>>();

/** `kind type` → module directory for every module of a provider, built on the first miss. */
function moduleIndex(lib: string): Map<string, string> {
  let index = indexes.get(lib);
  if (!index) {
    index = new Map();
    const kindOf = new Map(Object.entries(BASE_CLASS).map(([kind, base]) => [base, kind]));
    for (const name of readdirSync(lib)) {
      const dts = join(lib, name, "index.d.ts");
      const match = existsSync(dts) ? MAIN_CLASS.exec(readFileSync(dts, "utf8")) : null;
      const kind = match && kindOf.get(match[2]!);
      if (kind) index.set(`${kind} ${match[3]}`, join(lib, name));
    }
    indexes.set(lib, index);
  }
  return index;
}

interface ModuleText {
  readonly js: string;
  readonly dts: string;
}

/**
 * A module's JavaScript and declarations, large modules' `index-structs/`
 * included, each without its trailing inline source map (most of the bytes).
 */
function readModule(dir: string): ModuleText {
  const structs = join(dir, "index-structs");
  const files = [dir, ...(existsSync(structs) ? [structs] : [])].flatMap((d) => readdirSync(d).map((name) => join(d, name)));
  const text = (suffix: string): string =>
    files
      .filter((file) => file.endsWith(suffix) && (suffix === ".d.ts" || !file.endsWith(".d.ts")))
      .map((file) => readFileSync(file, "utf8").split("\n//# sourceMappingURL=")[0])
      .join("\n");
  return { js: text(".js"), dts: text(".d.ts") };
}

/** Top-level declarations, found by their column-0 opening and closing lines. */
const FUNCTION = /^function (\w+)ToHclTerraform\(struct\) \{\n([\s\S]*?)\n\}$/gm;
const CLASS = /^class (\w+) extends [\w.]+ \{\n([\s\S]*?)\n\}$/gm;
const INTERFACE = /^export interface (\w+)(?: extends [\w.]+)? \{\n([\s\S]*?)\n\}$/gm;
/** One entry of a `synthesizeHclAttributes()` / `xxxToHclTerraform()` object. */
const HCL_ENTRY = /^\s+(\w+): \{\n\s+value: (.*),\n\s+isBlock: (?:true|false),\n\s+type: "(\w+)",\n\s+storageClassType: "\w+",\n\s+\}/gm;
/** The struct function an entry's value goes through (not cdktf's own `stringToHclTerraform` and the like). */
const STRUCT_CALL = /(?<!cdktf\.)\b([a-z]\w*)ToHclTerraform\b/;
/** A config property: its registry link ends in `#<terraform name>`, then `readonly name?: Type`. */
const PROPERTY = /\{@link \S+#([\w-]+) [\w.]+#[\w-]+\}(?:(?!\*\/)[\s\S])*\*\/\n\s+readonly \w+(\?)?: (\w[\w.]*)?(\[\])?/g;
/** Names the getters read: `getStringAttribute('arn')`, `new XList(this, "identity", false)`. */
const GETTER_NAME = /this\.(?:get\w*Attribute|interpolationForAttribute)\('([\w-]+)'\)|new [\w.]+\(this, "([\w-]+)"/g;

interface Property {
  readonly required: boolean;
  /** Typed as one object rather than an array. */
  readonly single: boolean;
}

interface ParsedModule {
  /** Body of each `xxxToHclTerraform`, keyed by the struct's name (`EksClusterVpcConfig`). */
  readonly structs: Map<string, string>;
  readonly classes: Map<string, string>;
  readonly interfaces: Map<string, Map<string, Property>>;
}

function parseModule(text: ModuleText): BlockSchema {
  const parsed: ParsedModule = {
    structs: new Map([...text.js.matchAll(FUNCTION)].map((m) => [upperFirst(m[1]!), m[2]!])),
    classes: new Map([...text.js.matchAll(CLASS)].map((m) => [m[1]!, m[2]!])),
    interfaces: new Map([...text.dts.matchAll(INTERFACE)].map((m) => [m[1]!, properties(m[2]!)])),
  };
  const main = MAIN_CLASS.exec(text.dts)![1]!;
  const mainBody = parsed.classes.get(main) ?? "";
  const hcl = mainBody.slice(mainBody.indexOf("synthesizeHclAttributes() {"));
  return blockSchema(parsed, hcl.slice(0, hcl.indexOf("\n    }")), `${main}Config`, mainBody);
}

function properties(body: string): Map<string, Property> {
  return new Map([...body.matchAll(PROPERTY)].map((m) => [m[1]!, { required: m[2] !== "?", single: m[4] === undefined && /^[A-Z]/.test(m[3] ?? "") }]));
}

/**
 * One block level: entries from its HCL synthesis, required flags from its
 * config interface, computed names from the getters of its class.
 */
function blockSchema(parsed: ParsedModule, hcl: string, iface: string, classBody: string): BlockSchema {
  const props = parsed.interfaces.get(iface) ?? new Map<string, Property>();
  const attributes = new Map<string, { required: boolean }>();
  const blocks = new Map<string, NestedBlockSchema>();
  for (const [, name, value, type] of hcl.matchAll(HCL_ENTRY)) {
    const required = props.get(name!)?.required ?? false;
    const struct = STRUCT_CALL.exec(value!)?.[1];
    if (!struct) {
      attributes.set(name!, { required });
      continue;
    }
    const structName = upperFirst(struct);
    const nesting = NESTING[type!] ?? "list";
    const maxOne = nesting === "single" || (props.get(name!)?.single ?? false);
    const block = blockSchema(parsed, parsed.structs.get(structName) ?? "", structName, parsed.classes.get(`${structName}OutputReference`) ?? "");
    blocks.set(name!, { nesting, required, maxOne, block });
  }
  const computed = new Set([...classBody.matchAll(GETTER_NAME)].map((m) => (m[1] ?? m[2])!).filter((n) => !attributes.has(n) && !blocks.has(n)));
  return { attributes, blocks, computed };
}

/** cdktf's `type` of a nested entry → Terraform nesting; `struct` is a single nested object. */
const NESTING: Record<string, Nesting> = { struct: "single", list: "list", set: "set", map: "map" };

function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
