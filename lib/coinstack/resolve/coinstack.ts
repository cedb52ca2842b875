/**
 * Merges a coin's definition with an environment's settings into the one
 * object the constructs render, and validates the result. Every problem is
 * reported at once and points at where the value came from.
 */
import type { CoinSettings } from "../../config/coin-settings";
import type { EnvironmentConfig } from "../../config/schema";
import { BACKUP_NAME_MAX, awsNames, clusterName } from "../../config/environment-names";
import { coinstackNames, type CoinstackNames, platformNames, serviceHost, workloadNames } from "../../core/names";
import { type CoinDefinition, type CoinstackSpec, PortRole, type SpecContext, UNROUTABLE_ROLES, type WorkloadDefinition } from "../definition";
import { resolveDependencies, type ResolvedDependency } from "./dependencies";
import { resolvePod, type ResolvedPod } from "./pod";
import { type KeyPath, Problems, type Report, toError } from "./problems";
import { withReservedEnvProblems } from "./reserved-env";
import type { ResolvedCoinstack, ResolvedRoute, ResolvedWorkload, ResolveOptions } from "./types";
import { readVolumeFloors } from "./volume-floors";
import { resolveVolumeOperations } from "./volume-operations";

/** The coin being resolved in one environment, and where its problems go. */
interface CoinScope {
  readonly env: EnvironmentConfig;
  readonly definition: CoinDefinition;
  readonly settings: CoinSettings;
  readonly network: string;
  readonly options: ResolveOptions;
  readonly report: Report;
  /** A key path under coins.<coin> in the environment file. */
  configPath(...path: KeyPath): KeyPath;
}

/** Resolves and validates one coinstack; throws ConfigError listing every problem. */
export function resolveCoinstack(env: EnvironmentConfig, definition: CoinDefinition, settings: CoinSettings, options: ResolveOptions = {}): ResolvedCoinstack {
  const problems = new Problems();
  const configPath = (...path: KeyPath): KeyPath => ["coins", definition.name, ...path];
  const network = settings.network ?? definition.networks[0];
  if (!definition.networks.includes(network)) {
    problems.report("config", configPath("network"), network, `expected one of ${definition.networks.map((n) => `"${n}"`).join(", ")}`);
    throw toError(env, definition.name, network, problems.list);
  }
  const coin: CoinScope = { env, definition, settings, network, options, report: problems.report, configPath };
  checkNetworkTier(coin);
  checkWorkloadSettings(coin);
  const spec = definition.spec(network, specContext(coin));
  const names = coinstackNames(definition.name, network, definition.networks[0]);
  const floors = (options.volumeFloors ?? readVolumeFloors())[env.name] ?? {};
  const floorsOf = (of: CoinstackNames): Record<string, string> => floors[of.asset] ?? {};
  checkSecretKeys(coin, spec, spec.secretKeys, ["secretKeys"]);
  const main = resolvePod({ names, services: spec.services, sidecars: spec.sidecars, settings: settings.services, configPath: configPath(), definitionPath: [], floors: floorsOf(names) }, options.storageClassName, problems.report);
  checkBackupPlanNames(coin, names, settings.services, configPath());
  const workloads = (spec.workloads ?? []).map((workload, index) => resolveWorkload(coin, spec, names, workload, index, floorsOf));
  checkCoinSettings(coin, main, spec);
  const dependencies = resolveDependencies(coin);
  const resolved: ResolvedCoinstack = {
    coin: definition.name,
    network,
    env,
    settings,
    names,
    ...main,
    services: withDependencyEnv(coin, main, dependencies),
    routes: resolveRoutes(coin, spec, names, main),
    secrets: spec.secrets ?? [],
    secretKeys: spec.secretKeys,
    storageClassName: options.storageClassName,
    workloads,
    volumeOperations: resolveVolumeOperations(settings.volumeOperations, { names, services: main.services, replicas: settings.replicas }, configPath(), problems.report, platformNames.ebsSnapshotClass),
    dependencies,
    publicEgress: spec.publicEgress ?? [],
  };
  const all = withReservedEnvProblems(problems.list, resolved, spec, configPath);
  if (all.length > 0) throw toError(env, definition.name, network, all);
  return resolved;
}

function checkNetworkTier({ env, definition, network, report, configPath }: CoinScope): void {
  if (env.tier === "production" && network !== definition.networks[0]) {
    report("config", configPath("network"), network, `expected "${definition.networks[0]}" in a production environment (tier: production; testnets and private chains need tier: development)`);
  }
}

/** coins.<coin>.workloads names only workloads the coin has, and protects only enabled ones. */
function checkWorkloadSettings({ definition, settings, report, configPath }: CoinScope): void {
  const optional = definition.workloads ?? [];
  for (const [name, own] of Object.entries(settings.workloads)) {
    if (!optional.includes(name)) {
      report("config", configPath("workloads", name), undefined, optional.length > 0 ? `unknown workload; expected one of ${optional.join(", ")}` : `unknown workload; ${definition.name} has none`);
    } else if (own.protected && !own.enabled) {
      report("config", configPath("workloads", name, "protected"), true, "expected false while the workload is not enabled (enabled: true turns it on)");
    }
  }
  settings.volumeOperations.forEach(({ workload }, index) => {
    if (workload !== undefined && !(optional.includes(workload) && settings.workloads[workload]?.enabled)) {
      const enabled = optional.filter((name) => settings.workloads[name]?.enabled);
      report("config", configPath("volumeOperations", index, "workload"), workload, `expected an enabled workload of ${definition.name} (${enabled.join(", ") || "none enabled"})`);
    }
  });
}

/** What the definition's spec depends on: the replicas and which optional workloads are on. */
function specContext({ definition, settings }: CoinScope): SpecContext {
  const workload = (name: string) => ({ enabled: settings.workloads[name]?.enabled ?? false, protected: settings.workloads[name]?.protected ?? false });
  return { replicas: settings.replicas, workloads: Object.fromEntries((definition.workloads ?? []).map((name) => [name, workload(name)])) };
}

function checkSecretKeys({ report }: CoinScope, spec: CoinstackSpec, keys: readonly string[] | undefined, path: KeyPath): void {
  const declared = new Set((spec.secrets ?? []).map((s) => s.key));
  keys?.forEach((key, index) => {
    if (!declared.has(key)) report("definition", [...path, index], key, `expected a declared secret key (${[...declared].join(", ") || "none declared"})`);
  });
}

/** A further workload, resolved like the main pod under its own names, with what the definition fixes. */
function resolveWorkload(coin: CoinScope, spec: CoinstackSpec, names: CoinstackNames, workload: WorkloadDefinition, index: number, floorsOf: (of: CoinstackNames) => Record<string, string>): ResolvedWorkload {
  const { definition, settings, report, configPath } = coin;
  const optional = definition.workloads ?? [];
  const definitionPath = ["workloads", index];
  if (!optional.includes(workload.name)) report("definition", [...definitionPath, "name"], workload.name, `expected a workload listed in the coin's workloads (${optional.join(", ") || "none"})`);
  const own = settings.workloads[workload.name];
  if (own?.replicas !== undefined && own.replicas !== workload.replicas) {
    report("config", configPath("workloads", workload.name, "replicas"), own.replicas, `expected ${workload.replicas}: ${workload.replicasReason}`);
  }
  checkSecretKeys(coin, spec, workload.secretKeys, [...definitionPath, "secretKeys"]);
  const ownNames = workloadNames(definition.name, names, workload.name);
  checkBackupPlanNames(coin, ownNames, own?.services ?? {}, configPath("workloads", workload.name));
  const pod = resolvePod(
    { names: ownNames, services: workload.services, sidecars: workload.sidecars, settings: own?.services ?? {}, configPath: configPath("workloads", workload.name), definitionPath, floors: floorsOf(ownNames) },
    coin.options.storageClassName,
    report,
  );
  return {
    ...pod,
    coin: definition.name,
    network: coin.network,
    env: coin.env,
    // Fixed by the definition: never more pods than it allows, never two at once, no inbound exposure or routes.
    settings: { ...settings, replicas: workload.replicas, podManagementPolicy: "OrderedReady", updatePartition: 0, p2p: { exposure: "none" }, ingress: false, clientNamespaces: [], services: own?.services ?? {}, workloads: {}, maintenance: [], volumeOperations: [] },
    names: ownNames,
    routes: [],
    secrets: spec.secrets ?? [],
    secretKeys: workload.secretKeys,
    storageClassName: coin.options.storageClassName,
    workloads: [],
    dependencies: [],
    publicEgress: [],
    volumeOperations: resolveVolumeOperations(settings.volumeOperations, { workload: workload.name, names: ownNames, services: pod.services, replicas: workload.replicas }, configPath(), report, platformNames.ebsSnapshotClass),
    workload: workload.name,
    protected: workload.protected ?? false,
  };
}

/** The main pod's services, each with the URLs of the dependencies it reads added to its environment. */
function withDependencyEnv({ definition, report }: CoinScope, main: ResolvedPod, dependencies: readonly ResolvedDependency[]): ResolvedPod["services"] {
  dependencies.forEach((dependency, index) => {
    for (const service of dependency.services) {
      if (!main.services.some((s) => s.name === service)) report("definition", ["dependencies", index, "services"], service, `expected a service of ${definition.name}`);
    }
  });
  return main.services.map((service) => {
    const read = dependencies.filter((d) => d.services.includes(service.name));
    return read.length === 0 ? service : { ...service, env: Object.assign({}, service.env, ...read.map((d) => d.env)) };
  });
}

/** AWS Backup names a plan with at most 50 characters: `<cluster>-<asset>-<service>` must fit. */
function checkBackupPlanNames({ env, report }: CoinScope, names: CoinstackNames, services: CoinSettings["services"], configPath: KeyPath): void {
  if (!env.cluster) return;
  for (const [service, own] of Object.entries(services)) {
    const plan = awsNames.backupPlan(clusterName(env), names.asset, service);
    if (own.backup && plan.length > BACKUP_NAME_MAX) {
      report("config", [...configPath, "services", service, "backup"], own.backup, `expected a backup plan name of at most ${BACKUP_NAME_MAX} characters (AWS Backup's limit); ${plan} has ${plan.length}: shorten cluster.name or namePrefix`);
    }
  }
}

/** Settings of the whole coin: credentials rotation, the update partition and P2P exposure. */
function checkCoinSettings(coin: CoinScope, main: ResolvedPod, spec: CoinstackSpec): void {
  const { settings, report, configPath } = coin;
  if (settings.existingSecret && settings.credentials.rotation > 0) {
    report("config", configPath("credentials", "rotation"), settings.credentials.rotation, `expected 0 with existingSecret (${settings.existingSecret}): its owner rotates it; nothing is generated here`);
  }
  for (const secret of spec.secrets ?? []) {
    if (secret.notRotatable && settings.credentials.rotation > 0 && !settings.existingSecret) {
      report("config", configPath("credentials", "rotation"), settings.credentials.rotation, `expected 0: ${secret.key} cannot be rotated by a fresh value (${secret.notRotatable})`);
    }
  }
  if (settings.updatePartition > settings.replicas) {
    report("config", configPath("updatePartition"), settings.updatePartition, `expected a partition <= replicas (${settings.replicas})`);
  }
  checkP2pExposure(coin, main.ports.filter((p) => p.role === PortRole.P2P).length);
  checkHoldable(coin, main);
}

/**
 * Holding a daemon stopped (maintenance, a quiesced backup) is the init scripts' work
 * (hold_for_maintenance): a service without one, an image with no shell, cannot be held.
 */
function checkHoldable({ settings, report, configPath }: CoinScope, main: ResolvedPod): void {
  const unholdable = main.services.filter((s) => !s.scripts?.init).map((s) => s.name);
  if (unholdable.length === 0) return;
  const why = `${unholdable.join(" and ")} run without an init script (no shell in the image), so nothing can hold them stopped`;
  settings.maintenance.forEach((entry, index) => {
    if (entry.daemon === "stopped") report("config", configPath("maintenance", index, "daemon"), "stopped", `expected "running": ${why}; scale the coin down instead`);
  });
  for (const [name, own] of Object.entries(settings.services)) {
    if (own.backup?.quiesce && unholdable.includes(name)) report("config", configPath("services", name, "backup", "quiesce"), own.backup.quiesce, `expected no quiesce: ${why}, and a snapshot of a running pod's volume is not consistent`);
  }
}

function checkP2pExposure({ env, definition, settings, report, configPath }: CoinScope, p2pPorts: number): void {
  const exposure = settings.p2p.exposure;
  if (exposure !== "none" && p2pPorts === 0) report("config", configPath("p2p", "exposure"), exposure, `expected "none": ${definition.name} has no p2p port`);
  if (exposure === "NodePort") {
    const base = settings.p2p.nodePortBase;
    if (base === undefined) report("config", configPath("p2p", "nodePortBase"), base, "expected a node port between 30000 and 32767 for NodePort exposure");
    else if (base + settings.replicas * p2pPorts - 1 > 32767) {
      report("config", configPath("p2p", "nodePortBase"), base, `expected base + replicas x p2p ports - 1 <= 32767 (${settings.replicas} replicas)`);
    }
  }
  if (exposure !== "none" && definition.p2pExposures && !definition.p2pExposures.includes(exposure)) {
    const allowed = ["none", ...definition.p2pExposures].map((e) => `"${e}"`).join(", ");
    report("config", configPath("p2p", "exposure"), exposure, `expected one of ${allowed}: ${definition.name}'s clients cannot advertise a per-pod address behind ${exposure}`);
  }
  if (exposure === "LoadBalancer" && !env.dns) {
    report("config", configPath("p2p", "exposure"), "LoadBalancer", "expected dns.rootDomain to be set: each pod advertises p2p-<ordinal>.<asset>.<root>");
  }
}

/** Public routes: each routable port of each service, under the service's host, when the environment has DNS and the coin ingress. */
function resolveRoutes({ env, settings, report }: CoinScope, spec: CoinstackSpec, names: CoinstackNames, main: ResolvedPod): ResolvedRoute[] {
  if (!env.dns || !settings.ingress) return [];
  const { rootDomain, environmentLabel } = env.dns;
  return main.services.flatMap((service) => {
    const host = serviceHost(service.name, names.asset, rootDomain, environmentLabel);
    if (host.length > 253 || host.split(".").some((label) => label.length > 63)) {
      report("definition", ["services", spec.services.findIndex((s) => s.name === service.name), "name"], service.name, `expected host ${host} to be a valid DNS name`);
    }
    return service.ports
      .filter((port) => port.route && !UNROUTABLE_ROLES.includes(port.role))
      .map((port) => ({ service: service.name, host, port, pathPrefix: port.route!.pathPrefix ?? "/", stripPrefix: port.route!.stripPrefix ?? false }));
  });
}
