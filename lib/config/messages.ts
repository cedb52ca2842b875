/**
 * Problem lines of an environment file, one per problem, naming the file, the
 * key path, the value and what is allowed:
 *   config/prod.yaml: cluster.nodeGroups[0].desiredSize: expected an integer >= 1, got "three"
 * zod's issues and YAML's errors are turned into such lines here, with hints
 * for a key written at the wrong level and a number YAML read where text was meant.
 */
import { type Document, isScalar, type YAMLError } from "yaml";
import type { z } from "zod";
import { environmentSchema } from "./schema";

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Formats a key path the way a reader writes it: `a.b[0].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    const text = String(key);
    const plain = /^[A-Za-z_$][\w$-]*$/.test(text);
    if (!plain) return `${out}[${JSON.stringify(text)}]`;
    return out === "" ? text : `${out}.${text}`;
  }, "");
}

/** A value as an error message quotes it: JSON, shortened; "nothing" when absent. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Unwraps optional/default/pipe wrappers to the schema that holds the shape. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if ((def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault") && def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
}

type SchemaDef = {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  keyType?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  discriminator?: string;
};
const defOf = (schema: z.core.$ZodType): SchemaDef => schema._zod.def as SchemaDef;

/** The schema that validates the value at `path` of `data`, unwrapped; a discriminated union follows the data's tag. */
function schemaAt(root: z.core.$ZodType, data: unknown, path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let schema = unwrap(root);
  let value = data;
  const select = (): void => {
    const def = defOf(schema);
    if (def.type === "union" && def.options && def.discriminator) {
      const tag = (value as Record<string, unknown> | undefined)?.[def.discriminator];
      const match = def.options.find((option) => {
        const literal = defOf(unwrap(option)).shape?.[def.discriminator as string]?._zod.def as { values?: unknown[] } | undefined;
        return literal?.values?.includes(tag);
      });
      if (match) schema = unwrap(match);
    }
  };
  select();
  for (const key of path) {
    const def = defOf(schema);
    const next = def.type === "object" ? def.shape?.[String(key)] : def.type === "array" ? def.element : def.type === "record" ? def.valueType : undefined;
    if (!next) return undefined;
    schema = unwrap(next);
    value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
    select();
  }
  return schema;
}

/** The keys the schema allows at `path` of `data`, or undefined when that is not an object schema. */
function allowedKeysAt(root: z.core.$ZodType, data: unknown, path: readonly PropertyKey[]): string[] | undefined {
  const schema = schemaAt(root, data, path);
  if (!schema) return undefined;
  const def = defOf(schema);
  if (def.type === "object" && def.shape) return Object.keys(def.shape).filter((k) => k !== "$schema");
  if (def.type === "record" && def.keyType) {
    const values = (unwrap(def.keyType)._zod.def as { entries?: Record<string, string> }).entries;
    return values ? Object.values(values) : undefined;
  }
  return undefined;
}

/** A segment of a key path in the schema: a key, any map entry or any list item. */
type Segment = string | typeof ANY_ENTRY | typeof ANY_ITEM;
const ANY_ENTRY = Symbol("<name>");
const ANY_ITEM = Symbol("<n>");

/** Every place a key name is allowed, as paths through the schema (`coins.<name>.services.<name>.image`). */
function keyLocations(root: z.core.$ZodType): Map<string, Segment[][]> {
  const locations = new Map<string, Segment[][]>();
  const walk = (schema: z.core.$ZodType, at: Segment[]): void => {
    const def = defOf(unwrap(schema));
    if (def.type === "object" && def.shape) {
      for (const [key, child] of Object.entries(def.shape)) {
        if (key === "$schema") continue;
        locations.set(key, [...(locations.get(key) ?? []), [...at, key]]);
        walk(child, [...at, key]);
      }
    } else if (def.type === "array" && def.element) walk(def.element, [...at, ANY_ITEM]);
    else if (def.type === "record" && def.valueType) walk(def.valueType, [...at, ANY_ENTRY]);
    else if (def.type === "union" && def.options) def.options.forEach((option) => walk(option, at));
  };
  walk(root, []);
  return locations;
}

let locationIndex: Map<string, Segment[][]> | undefined;

/**
 * Where a key found at `path` belongs instead, on the same branch of the file (above or below
 * where it is), with the entries and items of `path` filled in: `coins.bitcoin.services.<name>.image`.
 */
function belongsAt(path: readonly PropertyKey[], where: "anywhere" | "below" = "anywhere"): string[] {
  const key = path.at(-1);
  if (typeof key !== "string") return [];
  locationIndex ??= keyLocations(environmentSchema);
  const parent = path.slice(0, -1);
  const matches = (segment: Segment, concrete: PropertyKey): boolean =>
    segment === ANY_ENTRY ? typeof concrete === "string" : segment === ANY_ITEM ? typeof concrete === "number" : segment === concrete;
  return (locationIndex.get(key) ?? [])
    .filter((location) => {
      const home = location.slice(0, -1);
      const common = Math.min(home.length, parent.length);
      if (home.length === parent.length || (where === "below" && home.length < parent.length)) return false;
      return home.slice(0, common).every((segment, i) => matches(segment, parent[i]!));
    })
    .map((location) =>
      location
        .map((segment, i) => (i < parent.length && typeof segment !== "string" ? String(parent[i]!) : segment === ANY_ENTRY ? "<name>" : segment === ANY_ITEM ? "<n>" : segment))
        .reduce<string>((out, segment) => (/^\d+$|^<n>$/.test(segment) ? `${out}[${segment}]` : out === "" ? segment : `${out}.${segment}`), ""),
    )
    .slice(0, 3);
}

type Problem = { path: readonly PropertyKey[]; text: string };

function describeIssue(issue: z.core.$ZodIssue, data: unknown): Problem[] {
  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeysAt(environmentSchema, data, issue.path);
    const hint = allowed ? `expected one of ${allowed.join(", ")}` : "not in the schema";
    return issue.keys.map((key) => {
      const elsewhere = belongsAt([...issue.path, key]);
      return { path: [...issue.path, key], text: `unknown key; ${hint}${elsewhere.length > 0 ? `; ${key} belongs at ${elsewhere.join(" or ")}` : ""}` };
    });
  }
  if (issue.code === "invalid_union" && "discriminator" in issue && typeof issue.discriminator === "string") {
    const tag = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
    const path = issue.path.at(-1) === issue.discriminator ? issue.path : [...issue.path, issue.discriminator];
    return [{ path, text: `${issue.message}, got ${showValue(tag)}` }];
  }
  if (issue.code === "invalid_key") {
    // A record key failed its own schema; that schema's message says what keys are allowed.
    const allowed = issue.issues[0]?.message ?? "expected a valid key";
    return [{ path: issue.path, text: `${allowed}, got ${showValue(issue.input)}` }];
  }
  const got = "input" in issue || issue.code === "invalid_type" ? `, got ${showValue(issue.input)}` : "";
  // A setting written one level too high, where a map expects its entries (`services: {image: …}`).
  const inMap = issue.code === "invalid_type" && issue.input !== undefined && typeof issue.path.at(-1) === "string" && defOf(schemaAt(environmentSchema, data, issue.path.slice(0, -1)) ?? environmentSchema).type === "record";
  const entryOf = inMap ? belongsAt(issue.path, "below") : [];
  const hint = entryOf.length > 0 ? ` (one entry's settings); ${String(issue.path.at(-1))} belongs at ${entryOf.join(" or ")}` : "";
  return [{ path: issue.path, text: `${issue.message}${hint}${got}` }];
}

const TYPE_WORDS: Record<string, string> = {
  object: "an object",
  array: "a list",
  string: "a string",
  record: "a mapping of names to values",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
};

/**
 * Messages for the checks the schema leaves to zod's defaults ("Invalid input:
 * expected object, received undefined"), in the rules' "expected …" form.
 * Messages a rule sets itself take precedence over these.
 */
export function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const count = (n: number | bigint, origin: string): string => {
    const unit = origin === "string" ? "character" : origin === "array" ? "item" : undefined;
    return unit ? `${n} ${unit}${n === 1 || n === 1n ? "" : "s"}` : String(n);
  };
  switch (issue.code) {
    case "invalid_type":
      return `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case "too_small":
      return `expected at least ${count(issue.minimum, issue.origin)}`;
    case "too_big":
      return `expected at most ${count(issue.maximum, issue.origin)}`;
    default:
      return undefined;
  }
}

/** One line per YAML syntax problem; a duplicate key is named, like a schema problem. */
export function describeYamlError(file: string, text: string, error: YAMLError): string {
  const before = text.slice(0, error.pos[0]);
  const at = `line ${before.split("\n").length}, column ${error.pos[0] - before.lastIndexOf("\n")}`;
  const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  if (error.code === "DUPLICATE_KEY") {
    const key = /^("[^"]*"|'[^']*'|[^:\n,{}]+?)\s*:/.exec(text.slice(error.pos[0]))?.[1] ?? "(key)";
    return `${file}: ${key}: expected each key once per mapping, got a duplicate at ${at}`;
  }
  return `${file}: ${at}: ${message}`;
}

/** Every path in `data` whose last key is `key`. */
function pathsOfKey(data: unknown, key: string, at: PropertyKey[] = [], depth = 0): PropertyKey[][] {
  if (data === null || typeof data !== "object" || depth > 12) return [];
  return Object.entries(data).flatMap(([k, v]) => {
    const here = [...at, Array.isArray(data) ? Number(k) : k];
    return [...(k === key ? [here] : []), ...pathsOfKey(v, key, here, depth + 1)];
  });
}

const startsWith = (path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean =>
  prefix.length <= path.length && prefix.every((key, i) => path[i] === key);

/**
 * A required key reported missing while the file has it somewhere it does not belong (a problem is
 * reported there too): one line at the misplaced key saying where it goes, instead of "got nothing"
 * at one place and "unknown key" at the other.
 */
function misplacedKeys(issues: readonly z.core.$ZodIssue[], data: unknown): { missing: z.core.$ZodIssue; found: PropertyKey[] }[] {
  return issues.flatMap((missing) => {
    const key = missing.path.at(-1);
    if (!["invalid_type", "invalid_value", "custom"].includes(missing.code) || missing.input !== undefined || typeof key !== "string") return [];
    const problemPaths = issues.flatMap((other) => (other.code === "unrecognized_keys" ? other.keys.map((k) => [...other.path, k]) : [other.path]));
    const found = pathsOfKey(data, key).find((path) => !startsWith(path, missing.path) && problemPaths.some((p) => startsWith(p, path)));
    return found ? [{ missing, found }] : [];
  });
}

/** " (YAML read 1.30 as the number 1.3; quote it: "1.30")" for a number where a string was expected. */
function quoteHint(document: Document | undefined, root: z.core.$ZodType, data: unknown, issue: z.core.$ZodIssue): string {
  if (!document || typeof issue.input !== "number") return "";
  const expected = schemaAt(root, data, issue.path);
  if (!expected || !["string", "enum"].includes(defOf(expected).type)) return "";
  const node = document.getIn(issue.path as PropertyKey[], true);
  const source = isScalar(node) && typeof node.source === "string" ? node.source : String(issue.input);
  const read = source === String(issue.input) ? `YAML reads ${source} as a number` : `YAML read ${source} as the number ${issue.input}`;
  return ` (${read}; quote it: "${source}")`;
}

/** Turns a zod error into one readable line per problem, prefixed with the file name. */
export function formatIssues(file: string, error: z.ZodError, data?: unknown, document?: Document): string[] {
  const line = (path: readonly PropertyKey[], text: string): string => `${file}: ${path.length ? formatPath(path) : "(top level)"}: ${text}`;
  const misplaced = misplacedKeys(error.issues, data);
  const moved = misplaced.map(({ missing, found }) =>
    line(found, `expected at ${formatPath(missing.path)} (a misplaced key: move it there), got it at ${found.length > 1 ? formatPath(found.slice(0, -1)) : "the top level"}`),
  );
  const rest = error.issues
    .filter((issue) => !misplaced.some(({ missing }) => missing === issue))
    .flatMap((issue) =>
      describeIssue(issue, data)
        .filter(({ path }) => !misplaced.some(({ found }) => startsWith(path, found)))
        .map(({ path, text }) => line(path, `${text}${quoteHint(document, environmentSchema, data, issue)}`)),
    );
  return [...rest, ...moved];
}
