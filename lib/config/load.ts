/**
 * Reads and validates `config/<env>.yaml`. All problems in all files are
 * collected and reported together, one line each:
 *   config/prod.yaml: cluster.nodeGroups[0].desiredSize: expected an integer >= 1, got "three"
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { parseDocument, type YAMLError } from "yaml";
import type { z } from "zod";
import { environmentSchema, type EnvironmentConfig } from "./schema";

/** Directory of the shipped environment files. */
export const CONFIG_DIR = join(__dirname, "..", "..", "config");

/** Environment variable that limits which environments are synthesized (comma separated). */
export const ENVIRONMENTS_VARIABLE = "COINSTACKS_ENVIRONMENTS";

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

/** The keys the schema allows at `path` of `data`, or undefined when that is not an object schema. */
function allowedKeysAt(root: z.core.$ZodType, data: unknown, path: readonly PropertyKey[]): string[] | undefined {
  let schema = unwrap(root);
  let value = data;
  const select = (): void => {
    const def = schema._zod.def as { type: string; options?: z.core.$ZodType[]; discriminator?: string };
    if (def.type === "union" && def.options && def.discriminator) {
      const tag = (value as Record<string, unknown> | undefined)?.[def.discriminator];
      const match = def.options.find((option) => {
        const shape = (unwrap(option)._zod.def as { shape?: Record<string, z.core.$ZodType> }).shape;
        const literal = shape?.[def.discriminator as string]?._zod.def as { values?: unknown[] } | undefined;
        return literal?.values?.includes(tag);
      });
      if (match) schema = unwrap(match);
    }
  };
  select();
  for (const key of path) {
    const def = schema._zod.def as {
      type: string;
      shape?: Record<string, z.core.$ZodType>;
      element?: z.core.$ZodType;
      valueType?: z.core.$ZodType;
    };
    const next = def.type === "object" ? def.shape?.[String(key)] : def.type === "array" ? def.element : def.type === "record" ? def.valueType : undefined;
    if (!next) return undefined;
    schema = unwrap(next);
    value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
    select();
  }
  const def = schema._zod.def as { type: string; shape?: Record<string, unknown>; keyType?: z.core.$ZodType };
  if (def.type === "object" && def.shape) return Object.keys(def.shape).filter((k) => k !== "$schema");
  if (def.type === "record" && def.keyType) {
    const values = (unwrap(def.keyType)._zod.def as { entries?: Record<string, string> }).entries;
    return values ? Object.values(values) : undefined;
  }
  return undefined;
}

type Problem = { path: readonly PropertyKey[]; text: string };

function describeIssue(issue: z.core.$ZodIssue, data: unknown): Problem[] {
  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeysAt(environmentSchema, data, issue.path);
    const hint = allowed ? `expected one of ${allowed.join(", ")}` : "not in the schema";
    return issue.keys.map((key) => ({ path: [...issue.path, key], text: `unknown key; ${hint}` }));
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
  return [{ path: issue.path, text: `${issue.message}${got}` }];
}

const TYPE_WORDS: Record<string, string> = {
  object: "an object",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
};

/**
 * Messages for the checks the schema leaves to zod's defaults ("Invalid input:
 * expected object, received undefined"), in the rules' "expected …" form.
 * Messages a rule sets itself take precedence over these.
 */
function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
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
function describeYamlError(file: string, text: string, error: YAMLError): string {
  const before = text.slice(0, error.pos[0]);
  const at = `line ${before.split("\n").length}, column ${error.pos[0] - before.lastIndexOf("\n")}`;
  const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  if (error.code === "DUPLICATE_KEY") {
    const key = /^("[^"]*"|'[^']*'|[^:\n,{}]+?)\s*:/.exec(text.slice(error.pos[0]))?.[1] ?? "(key)";
    return `${file}: ${key}: expected each key once per mapping, got a duplicate at ${at}`;
  }
  return `${file}: ${at}: ${message}`;
}

/** Turns a zod error into one readable line per problem, prefixed with the file name. */
export function formatIssues(file: string, error: z.ZodError, data?: unknown): string[] {
  return error.issues.flatMap((issue) =>
    describeIssue(issue, data).map(({ path, text }) => `${file}: ${path.length ? formatPath(path) : "(top level)"}: ${text}`),
  );
}

/** Parses one environment file's text; throws ConfigError listing every problem. */
export function parseEnvironment(file: string, text: string): EnvironmentConfig {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) throw new ConfigError(document.errors.map((e) => describeYamlError(file, text, e)));
  const data: unknown = document.toJS() ?? {};
  const result = environmentSchema.safeParse(data, { reportInput: true, error: defaultMessage });
  if (!result.success) throw new ConfigError(formatIssues(file, result.error, data));
  const expectedName = basename(file).replace(/\.ya?ml$/, "");
  if (result.data.name !== expectedName) {
    throw new ConfigError([`${file}: name: expected "${expectedName}" (the file name), got ${showValue(result.data.name)}`]);
  }
  return result.data;
}

/** Names of the environments shipped in `dir`, sorted. */
export function listEnvironments(dir: string = CONFIG_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/**
 * Loads the selected environments (all by default, or those named in
 * COINSTACKS_ENVIRONMENTS). Problems in every file are reported at once.
 */
export function loadEnvironments(
  options: { dir?: string; only?: readonly string[] } = {},
): EnvironmentConfig[] {
  const dir = options.dir ?? CONFIG_DIR;
  const available = listEnvironments(dir);
  const requested = options.only ?? selectedFromEnvironmentVariable();
  const unknown = (requested ?? []).filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError([
      `${ENVIRONMENTS_VARIABLE}: unknown environment ${unknown.map((n) => `"${n}"`).join(", ")}; expected some of ${available.join(", ")}`,
    ]);
  }
  const problems: string[] = [];
  const environments: EnvironmentConfig[] = [];
  for (const name of requested ?? available) {
    const path = join(dir, `${name}.yaml`);
    const display = relative(process.cwd(), path) || path;
    if (!existsSync(path)) continue;
    try {
      environments.push(parseEnvironment(display, readFileSync(path, "utf8")));
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return environments;
}

function selectedFromEnvironmentVariable(): string[] | undefined {
  const value = process.env[ENVIRONMENTS_VARIABLE];
  if (!value || value.trim() === "") return undefined;
  // Each environment once: naming one twice would build its stacks twice.
  return [
    ...new Set(
      value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
