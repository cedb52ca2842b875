/**
 * Builds the whole app: for every environment, its stacks in dependency order
 * bootstrap · cluster → platform → one stack per enabled coin.
 */
import { App } from "cdktf";
import { COIN_NAMES } from "../coinstacks/names";
import { BootstrapStack } from "../stacks/bootstrap-stack";
import { ClusterStack } from "../stacks/cluster-stack";
import { CoinStack } from "../stacks/coin-stack";
import { clusterAccess, PlatformStack } from "../stacks/platform-stack";
import { loadEnvironments } from "./config/load";
import type { EnvironmentConfig } from "./config/schema";
import { stackIds } from "./core/names";
import { skipTokenCreationTraces } from "./core/token-traces";

export interface EnvironmentStacks {
  readonly bootstrap?: BootstrapStack;
  readonly cluster?: ClusterStack;
  readonly platform: PlatformStack;
  readonly coins: CoinStack[];
}

/** Adds one environment's stacks to `app`. */
export function addEnvironment(app: App, env: EnvironmentConfig): EnvironmentStacks {
  const bootstrap = env.backend.type === "s3" ? new BootstrapStack(app, stackIds.bootstrap(env.name), env) : undefined;
  const cluster = env.cluster ? new ClusterStack(app, stackIds.cluster(env.name), env) : undefined;
  const platform = new PlatformStack(app, stackIds.platform(env.name), env, cluster);
  const access = clusterAccess(env, cluster);
  const coins = COIN_NAMES.flatMap((coin) => {
    const settings = env.coins[coin];
    if (!settings?.enabled) return [];
    const stack = new CoinStack(app, stackIds.coin(env.name, coin), { env, coin, settings, access });
    // No data flows from the platform stack, but its CRDs must exist before this stack can plan.
    stack.addDependency(platform);
    return [stack];
  });
  return { bootstrap, cluster, platform, coins };
}

export interface BuildOptions {
  /** Output directory. @default cdktf.out (or CDKTF_OUTDIR) */
  readonly outdir?: string;
  /** Environments to build. @default every config/*.yaml, or COINSTACKS_ENVIRONMENTS */
  readonly environments?: EnvironmentConfig[];
}

export function buildApp(options: BuildOptions = {}): App {
  skipTokenCreationTraces();
  const app = new App({ outdir: options.outdir, skipValidation: false });
  for (const env of options.environments ?? loadEnvironments()) addEnvironment(app, env);
  return app;
}
