/**
 * Reads and validates `config/<env>.yaml`. All problems in all files are
 * collected and reported together, one line each:
 *   config/prod.yaml: cluster.nodeGroups[0].desiredSize: expected an integer >= 1, got "three"
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { parseDocument } from "yaml";
import { clusterName } from "./environment-names";
import { ConfigError, defaultMessage, describeYamlError, formatIssues, formatPath, showValue } from "./messages";
import { environmentSchema, type EnvironmentConfig } from "./schema";

/** Directory of the shipped environment files. */
export const CONFIG_DIR = join(__dirname, "..", "..", "config");

/** Environment variable that limits which environments are synthesized (comma separated). */
export const ENVIRONMENTS_VARIABLE = "COINSTACKS_ENVIRONMENTS";

/**
 * The coins an environment file may configure: the catalog's names (coinstacks/names.ts). Config
 * sits below the catalog, so whoever loads environments hands them in.
 */
export type KnownCoins = readonly string[];

/** Parses one environment file's text; throws ConfigError listing every problem. */
export function parseEnvironment(file: string, text: string, coins: KnownCoins): EnvironmentConfig {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) throw new ConfigError(document.errors.map((e) => describeYamlError(file, text, e)));
  const { data, unknown } = withoutUnknownCoins(document.toJS() ?? {}, coins);
  const result = environmentSchema.safeParse(data, { reportInput: true, error: defaultMessage });
  const problems = [...(result.success ? [] : formatIssues(file, result.error, data, document)), ...unknown.map((coin) => unknownCoinLine(file, coin, coins))];
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const expectedName = basename(file).replace(/\.ya?ml$/, "");
  if (result.data.name !== expectedName) {
    throw new ConfigError([`${file}: name: expected "${expectedName}" (the file name), got ${showValue(result.data.name)}`]);
  }
  return result.data;
}

/** The file's data without the coins the catalog lacks (whose settings mean nothing), and their names. */
function withoutUnknownCoins(data: unknown, coins: KnownCoins): { data: unknown; unknown: string[] } {
  const configured = (data as { coins?: unknown }).coins;
  if (typeof configured !== "object" || configured === null || Array.isArray(configured)) return { data, unknown: [] };
  const unknown = Object.keys(configured).filter((coin) => !coins.includes(coin));
  if (unknown.length === 0) return { data, unknown };
  const known = Object.fromEntries(Object.entries(configured).filter(([coin]) => coins.includes(coin)));
  return { data: { ...(data as object), coins: known }, unknown };
}

function unknownCoinLine(file: string, coin: string, coins: KnownCoins): string {
  return `${file}: ${formatPath(["coins", coin])}: unknown key; expected one of ${coins.join(", ")}`;
}

/** Names of the environments shipped in `dir`, sorted. */
export function listEnvironments(dir: string = CONFIG_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

export interface LoadOptions {
  /** The coins the files may configure (the catalog's COIN_NAMES). */
  readonly coins: KnownCoins;
  /** Directory of the environment files. @default config/ */
  readonly dir?: string;
  /** Environments to load. @default every file, or those named in COINSTACKS_ENVIRONMENTS */
  readonly only?: readonly string[];
}

/**
 * Loads the selected environments (all by default, or those named in
 * COINSTACKS_ENVIRONMENTS). Problems in every file are reported at once.
 */
export function loadEnvironments(options: LoadOptions): EnvironmentConfig[] {
  const { environments, problems } = readEnvironments(options);
  if (problems.length > 0) throw new ConfigError(problems);
  return environments;
}

/**
 * The selected environments that are valid, and one line per problem of the others (and of
 * environments that clash with each other), so a caller can go on checking the valid ones and
 * report everything in one run.
 */
export function readEnvironments(options: LoadOptions): { environments: EnvironmentConfig[]; problems: string[] } {
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
  const loaded: { file: string; env: EnvironmentConfig }[] = [];
  for (const name of requested ?? available) {
    const path = join(dir, `${name}.yaml`);
    const display = relative(process.cwd(), path) || path;
    if (!existsSync(path)) continue;
    try {
      loaded.push({ file: display, env: parseEnvironment(display, readFileSync(path, "utf8"), options.coins) });
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
    }
  }
  problems.push(...clusterClashes(loaded));
  return { environments: loaded.map(({ env }) => env), problems };
}

/** Two environments that would create (and fight over) the same EKS cluster: same name, account and region. */
function clusterClashes(loaded: readonly { file: string; env: EnvironmentConfig }[]): string[] {
  const first = new Map<string, string>();
  return loaded.flatMap(({ file, env }) => {
    if (!env.cluster || !env.aws) return [];
    const name = clusterName(env);
    const key = `${env.aws.accountId}/${env.aws.region}/${name}`;
    const owner = first.get(key);
    if (!owner) {
      first.set(key, file);
      return [];
    }
    return [
      `${file}: cluster.name: expected a cluster name no other environment uses in account ${env.aws.accountId} and region ${env.aws.region} (${owner} names the same cluster; set cluster.name or namePrefix), got ${showValue(name)}`,
    ];
  });
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
