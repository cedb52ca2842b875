/** Builds one coin stack from a shipped environment with setting overrides, without the other stacks. */
import { Testing } from "cdktf";
import { COINS, type CoinName } from "../../coinstacks";
import { coinSettingsSchema } from "../../lib/config/coin-settings";
import { type CoinDefinition, type CoinstackSpec, PortRole, type ServiceDefinition } from "../../lib/coinstack/definition";
import { resolveCoinstack, type ResolvedCoinstack, type VolumeFloors } from "../../lib/coinstack/resolve";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { CoinStack } from "../../stacks/coin-stack";
import { shippedEnvironment, synth, type SynthesizedStack } from "./synth";

export interface CoinStackOptions {
  readonly env?: string | EnvironmentConfig;
  /** Raw settings as they would appear under coins.<coin> in YAML; defaults are applied. */
  readonly settings?: Record<string, unknown>;
  readonly volumeFloors?: VolumeFloors;
}

export function coinStack(coin: CoinName, options: CoinStackOptions = {}): CoinStack {
  const env = typeof options.env === "object" ? options.env : shippedEnvironment(options.env ?? "dev");
  const settings = coinSettingsSchema.parse(options.settings ?? env.coins[coin] ?? {});
  return new CoinStack(Testing.app(), `${env.name}-${coin}`, {
    env,
    coin,
    settings,
    access: { kind: "kubeconfig", path: "~/.kube/config", context: "test" },
    volumeFloors: options.volumeFloors ?? {},
  });
}

export function synthCoin(coin: CoinName, options: CoinStackOptions = {}): SynthesizedStack {
  return synth(coinStack(coin, options));
}

/** The `manifest` bodies of every kubernetes_manifest, by kind. */
export function manifestsOfKind(stack: SynthesizedStack, kind: string): any[] {
  return Object.values(stack.resource.kubernetes_manifest ?? {})
    .map((r: any) => r.manifest)
    .filter((m: any) => m.kind === kind);
}

export function statefulSet(stack: SynthesizedStack): any {
  const all = Object.values(stack.resource.kubernetes_stateful_set_v1 ?? {});
  if (all.length !== 1) throw new Error(`expected one StatefulSet, found ${all.length}`);
  return all[0];
}

export function podSpec(stack: SynthesizedStack): any {
  return statefulSet(stack).spec.template.spec;
}

export function container(stack: SynthesizedStack, name: string): any {
  const found = podSpec(stack).container.find((c: any) => c.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
}

/** Small requests and limits for made-up services. */
export const SMALL_RESOURCES = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } };

/**
 * A made-up "bitcoin" on mainnet with one service, `daemon` (RPC 8332, 10Gi), whose fields `daemon`
 * replaces; `spec` adds to the coinstack spec (sidecars, ...).
 */
export function oneServiceCoin(daemon: Partial<ServiceDefinition> = {}, spec: Partial<CoinstackSpec> = {}): CoinDefinition {
  return {
    name: "bitcoin",
    family: "utxo",
    networks: ["mainnet"],
    spec: () => ({
      services: [
        { name: "daemon", image: "example/node:1.0", ports: [{ name: "rpc", port: 8332, role: PortRole.RPC }], resources: SMALL_RESOURCES, storage: { size: "10Gi" }, ...daemon },
      ],
      ...spec,
    }),
  };
}

/** `definition` resolved for the shipped dev environment with default settings and no volume floors. */
export function resolveInDev(definition: CoinDefinition): ResolvedCoinstack {
  return resolveCoinstack(shippedEnvironment("dev"), definition, coinSettingsSchema.parse({}), { volumeFloors: {} });
}

/** The coinstack's ConfigMap whose name ends with `suffix`: `-scripts` or `-maintenance`. */
export function configMapEndingWith(stack: SynthesizedStack, suffix: string): any {
  return Object.values<any>(stack.resource.kubernetes_config_map_v1 ?? {}).find((configMap) => configMap.metadata.name.endsWith(suffix));
}

/** The data of the coinstack's scripts ConfigMap (`<asset>-scripts`). */
export function scriptsConfigMapData(stack: SynthesizedStack): Record<string, any> {
  return configMapEndingWith(stack, "-scripts").data;
}

/** A coin of a shipped environment resolved as its stack resolves it. */
export function resolvedCoinstack(coin: CoinName, envName = "dev"): ResolvedCoinstack {
  const env = shippedEnvironment(envName);
  return resolveCoinstack(env, COINS[coin], coinSettingsSchema.parse(env.coins[coin] ?? {}), { storageClassName: "gp3", volumeFloors: {} });
}

/** Whether `labels` satisfy a Kubernetes equality selector (`matchLabels` or a Service's `selector`). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/**
 * The Services, disruption budgets, NetworkPolicies and PodMonitors of a stack that select pods with
 * these labels, except the NetworkPolicies named in `own`.
 */
export function selectorsOf(stack: SynthesizedStack, labels: Record<string, string>, own: readonly string[] = []): string[] {
  const services = Object.values<any>(stack.resource.kubernetes_service_v1 ?? {}).filter((s) => selects(s.spec.selector, labels)).map((s) => `Service ${s.metadata.name}`);
  const policies = Object.values<any>(stack.resource.kubernetes_network_policy_v1 ?? {})
    .filter((p) => !own.includes(p.metadata.name) && selects(p.spec.pod_selector?.match_labels, labels))
    .map((p) => `NetworkPolicy ${p.metadata.name}`);
  const manifests = Object.values<any>(stack.resource.kubernetes_manifest ?? {})
    .map((m) => m.manifest)
    .filter((m) => ["PodDisruptionBudget", "PodMonitor"].includes(m.kind) && selects(m.spec.selector?.matchLabels, labels))
    .map((m) => `${m.kind} ${m.metadata.name}`);
  return [...services, ...policies, ...manifests];
}

/**
 * Config changes that disable every coin of the catalog reading `provider` (the L2s of an L1), but
 * those named in `except`: a test of one reader's refusal sees only that reader's.
 */
export function readersOff(provider: CoinName, ...except: CoinName[]): Record<string, false> {
  const readers = (Object.entries(COINS) as [CoinName, CoinDefinition][]).filter(([name, coin]) => !except.includes(name) && (coin.dependencies ?? []).some((d) => d.provider === COINS[provider]));
  return Object.fromEntries(readers.map(([name]) => [`coins.${name}.enabled`, false]));
}
