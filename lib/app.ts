/**
 * Builds the whole app: for every environment, its stacks in dependency order
 * bootstrap · cluster → platform → one stack per enabled coin.
 */
import { App } from "cdktf";
import { COINS } from "../coinstacks";
import { COIN_NAMES, type CoinName } from "../coinstacks/names";
import { BootstrapStack } from "../stacks/bootstrap-stack";
import { ClusterStack } from "../stacks/cluster-stack";
import { CoinStack } from "../stacks/coin-stack";
import { clusterAccess, PlatformStack, storageClassName } from "../stacks/platform-stack";
import { environmentProblems, resolveCoinstack, type ResolvedCoinstack } from "./coinstack/resolve";
import { readEnvironments } from "./config/load";
import { ConfigError } from "./config/messages";
import type { EnvironmentConfig } from "./config/schema";
import { stackIds } from "./core/names";
import { writeAtomically } from "./core/publish";
import { skipTokenCreationTraces } from "./core/token-traces";
import type { StackReport } from "./policy/evaluate";
import { checkSynthesizedApp, PolicyError } from "./policy/synthesized-policy";

export interface EnvironmentStacks {
  readonly bootstrap?: BootstrapStack;
  readonly cluster?: ClusterStack;
  readonly platform: PlatformStack;
  readonly coins: CoinStack[];
}

/** Every enabled coin of an environment resolved (services, ports, names), and the config problems found doing it. */
export interface ResolvedEnvironment {
  readonly coinstacks: ReadonlyMap<CoinName, ResolvedCoinstack>;
  /** Those of each coin that could not be resolved, and those between coins. */
  readonly problems: string[];
}

/**
 * Resolves every enabled coin of `env` and checks them against each other, building no stack: all
 * the config problems a build of the environment can find (the stacks' constructs take resolved
 * coinstacks and find none of their own).
 */
export function resolveEnvironment(env: EnvironmentConfig): ResolvedEnvironment {
  const problems: string[] = [];
  const coinstacks = new Map<CoinName, ResolvedCoinstack>();
  for (const coin of COIN_NAMES) {
    const settings = env.coins[coin];
    if (!settings?.enabled) continue;
    try {
      coinstacks.set(coin, resolveCoinstack(env, COINS[coin], settings, { storageClassName: storageClassName(env) }));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  problems.push(...environmentProblems(env, [...coinstacks.values()]));
  return { coinstacks, problems };
}

/**
 * Adds one environment's stacks to `app`. A coin that cannot be resolved does not stop the others:
 * every coin's problems, and those between coins, are thrown together as one ConfigError (the
 * stacks that could be built stay in the app, so a caller may still check them).
 */
export function addEnvironment(app: App, env: EnvironmentConfig): EnvironmentStacks {
  const { coinstacks, problems } = resolveEnvironment(env);
  const bootstrap = env.backend.type === "s3" ? new BootstrapStack(app, stackIds.bootstrap(env.name), env) : undefined;
  const cluster = env.cluster ? new ClusterStack(app, stackIds.cluster(env.name), env) : undefined;
  const platform = new PlatformStack(app, stackIds.platform(env.name), env, cluster);
  const access = clusterAccess(env, cluster);
  const readers = (coin: CoinName) => [...coinstacks.values()].filter((c) => c.dependencies.some((d) => d.provider?.coin === coin));
  const coins = [...coinstacks].map(([coin, coinstack]) => {
    const stack = new CoinStack(app, stackIds.coin(env.name, coin), { env, coin, settings: env.coins[coin]!, access, coinstack, consumers: readers(coin) });
    // No data flows from the platform stack, but its CRDs must exist before this stack can plan.
    stack.addDependency(platform);
    return stack;
  });
  // A coin that reads another (an L2 its L1) is deployed after it, and destroyed before it.
  for (const stack of coins) {
    for (const dependency of stack.coinstack.dependencies) {
      const provider = coins.find((c) => c.coin === dependency.provider?.coin);
      if (provider) stack.addDependency(provider);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { bootstrap, cluster, platform, coins };
}

export interface BuildOptions {
  /** Output directory. @default cdktf.out (or CDKTF_OUTDIR) */
  readonly outdir?: string;
  /** Environments to build. @default every config/*.yaml, or COINSTACKS_ENVIRONMENTS */
  readonly environments?: EnvironmentConfig[];
  /** Directory of the environment files read when `environments` is not given. @default config/ */
  readonly configDir?: string;
}

/** Builds the app; throws one ConfigError with the problems of every environment file and every coin. */
export function buildApp(options: BuildOptions = {}): App {
  const { app, problems } = assemble(options);
  if (problems.length > 0) throw new ConfigError(problems);
  return app;
}

/** The app with every stack that could be built, the config problems of the rest, and the environments they belong to. */
function assemble(options: BuildOptions): { app: App; problems: string[]; incomplete: Set<string> } {
  skipTokenCreationTraces();
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const read = options.environments ? { environments: options.environments, problems: [] } : readEnvironments({ coins: COIN_NAMES, dir: options.configDir });
  const problems = [...read.problems];
  const incomplete = new Set<string>();
  for (const env of read.environments) {
    try {
      addEnvironment(app, env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      incomplete.add(env.name);
    }
  }
  return { app, problems, incomplete };
}

/** Everything that stopped a synth: config problems, policy violations, unused waivers; each part prints as before. */
export class SynthError extends Error {
  constructor(readonly errors: readonly (ConfigError | PolicyError)[]) {
    super(errors.map((error) => error.message).join("\n"));
    this.name = "SynthError";
  }
}

export interface SynthResult {
  readonly app: App;
  /** The policy report of every stack, evaluated on the JSON written. */
  readonly reports: StackReport[];
}

/**
 * The one way the app is synthesized to disk (`cdktf synth` through main.ts, `npm run synth`):
 * cdktf synthesizes into a staging directory, the policy checks run on the JSON it wrote, and only
 * when nothing is wrong does that directory replace `outdir`, whole (lib/core/publish.ts). Every
 * phase runs as far as it can (every environment file, every coin, the policy of every stack that
 * could be built) and every problem is thrown in one SynthError; `outdir` is then untouched.
 */
export function synthesize(options: BuildOptions & { readonly outdir: string }): SynthResult {
  return writeAtomically(options.outdir, (staging) => {
    const { app, problems, incomplete } = assemble({ ...options, outdir: staging });
    app.synth();
    const policy = checkSynthesizedApp(app, staging, incomplete);
    const errors = [...(problems.length > 0 ? [new ConfigError(problems)] : []), ...policy.errors];
    if (errors.length > 0) throw new SynthError(errors);
    return { app, reports: policy.reports };
  });
}

/** Whether an error is one synth reports as plain lines (no stack trace). */
export function isReportedError(error: unknown): error is ConfigError | PolicyError | SynthError {
  return error instanceof ConfigError || error instanceof PolicyError || error instanceof SynthError;
}
