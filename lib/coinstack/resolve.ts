/**
 * Merges a coin's definition with an environment's settings into the one
 * object the constructs render, and validates the result. Every problem is
 * reported at once and points at where the value came from: the environment
 * file (`config/<env>.yaml: coins.<coin>…`) or the coin definition
 * (`coinstacks/<coin> (<network>): services…`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, CONFIG_DIR, formatPath, showValue } from "../config/load";
import { DNS_LABEL } from "../config/rules";
import type { EnvironmentConfig } from "../config/schema";
import { coinstackNames, type CoinstackNames, serviceHost, workloadNames } from "../core/names";
import type { CoinSettings } from "../config/coin-settings";
import { isPinnedImage } from "../config/coin-settings";
import {
  type CoinDefinition,
  DEFAULT_PROBE_TIMING,
  type PortDefinition,
  PortRole,
  type ProbeKind,
  type ProbeTiming,
  type Resources,
  type SecretDefinition,
  type ServiceDefinition,
  type SidecarDefinition,
  type StorageSpec,
  UNROUTABLE_ROLES,
} from "./definition";
import { CREDENTIAL_NAME } from "../core/credential-name";
import { gp3Problems } from "./gp3";
import { commonEnv } from "./workload";
import { GIB, isQuantity, parseQuantity } from "../config/quantity";

/** Where each environment's current volume sizes are recorded, so a shrink is caught at synth. */
export const VOLUME_FLOORS_FILE = join(CONFIG_DIR, "volume-floors.json");

export type VolumeFloors = Record<string, Record<string, Record<string, string>>>;

export function readVolumeFloors(path: string = VOLUME_FLOORS_FILE): VolumeFloors {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as VolumeFloors) : {};
}

export interface ResolvedPort extends PortDefinition {
  readonly protocol: "TCP" | "UDP";
  readonly service: string;
}

export interface ResolvedRoute {
  readonly service: string;
  readonly host: string;
  readonly port: ResolvedPort;
  readonly pathPrefix: string;
  readonly stripPrefix: boolean;
}

export interface ResolvedService extends ServiceDefinition {
  readonly image: string;
  readonly resources: Resources;
  readonly storage: StorageSpec;
  readonly env: Readonly<Record<string, string>>;
  readonly dataDir: string;
  readonly probes: Partial<Record<ProbeKind, Required<ProbeTiming>>>;
  readonly ports: readonly ResolvedPort[];
}

export interface ResolvedSidecar extends SidecarDefinition {
  readonly ports: readonly ResolvedPort[];
}

export interface ResolvedCoinstack {
  readonly coin: string;
  readonly network: string;
  readonly env: EnvironmentConfig;
  readonly settings: CoinSettings;
  readonly names: CoinstackNames;
  readonly services: readonly ResolvedService[];
  readonly ports: readonly ResolvedPort[];
  readonly routes: readonly ResolvedRoute[];
  readonly secrets: readonly SecretDefinition[];
  readonly sidecars: readonly ResolvedSidecar[];
  /** Keys of the credentials Secret mounted in these pods; undefined mounts every key. */
  readonly secretKeys?: readonly string[];
  /** StorageClass of the data volumes; undefined means the cluster default. */
  readonly storageClassName?: string;
  /** Further StatefulSets in the namespace, each resolved like the main one under its own names. */
  readonly workloads: readonly ResolvedWorkload[];
}

/** A further workload: its own names and settings (fixed replicas, no P2P exposure, no routes). */
export interface ResolvedWorkload extends ResolvedCoinstack {
  readonly workload: string;
  /** Talks P2P only with the main pods (and DNS). */
  readonly protected: boolean;
}

type Origin = "config" | "definition";
interface Problem {
  readonly origin: Origin;
  readonly path: (string | number)[];
  readonly value: unknown;
  readonly message: string;
}

const PORT_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Query parameters and path segments that carry a credential (Infura /v3/<key>, Alchemy /v2/<key>, ?apikey=…). */
const CREDENTIAL_PARAM = /^(api[-_]?key|key|token|access[-_]?token|auth|secret|password)$/i;
const KEY_LIKE_SEGMENT = /^[A-Za-z0-9_-]{24,}$/;

/** An http(s) URL that names no credential: no userinfo, no key/token parameter, no key-like path segment. */
export function isCredentialFreeUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (url.username !== "" || url.password !== "") return false;
  if ([...url.searchParams.keys()].some((name) => CREDENTIAL_PARAM.test(name))) return false;
  return !url.pathname.split("/").some((segment) => KEY_LIKE_SEGMENT.test(segment));
}

function formatSize(bytes: number): string {
  return `${Math.round(bytes / GIB)}Gi`;
}

export interface ResolveOptions {
  readonly storageClassName?: string;
  /** @default the committed config/volume-floors.json */
  readonly volumeFloors?: VolumeFloors;
}

/** Resolves and validates one coinstack; throws ConfigError listing every problem. */
export function resolveCoinstack(
  env: EnvironmentConfig,
  definition: CoinDefinition,
  settings: CoinSettings,
  options: ResolveOptions = {},
): ResolvedCoinstack {
  const problems: Problem[] = [];
  const configPath = (...path: (string | number)[]): (string | number)[] => ["coins", definition.name, ...path];
  const report = (origin: Origin, path: (string | number)[], value: unknown, message: string): void => {
    problems.push({ origin, path, value, message });
  };

  const network = settings.network ?? definition.networks[0];
  if (!definition.networks.includes(network)) {
    report("config", configPath("network"), network, `expected one of ${definition.networks.map((n) => `"${n}"`).join(", ")}`);
    throw toError(env, definition, network, problems);
  }
  if (env.tier === "production" && network !== definition.networks[0]) {
    report("config", configPath("network"), network, `expected "${definition.networks[0]}" in a production environment (tier: production; testnets and private chains need tier: development)`);
  }
  const optional = definition.workloads ?? [];
  for (const [name, own] of Object.entries(settings.workloads)) {
    if (!optional.includes(name)) {
      report("config", configPath("workloads", name), undefined, optional.length > 0 ? `unknown workload; expected one of ${optional.join(", ")}` : `unknown workload; ${definition.name} has none`);
    } else if (own.protected && !own.enabled) {
      report("config", configPath("workloads", name, "protected"), true, "expected false while the workload is not enabled (enabled: true turns it on)");
    }
  }
  const context = {
    replicas: settings.replicas,
    workloads: Object.fromEntries(optional.map((name) => [name, { enabled: settings.workloads[name]?.enabled ?? false, protected: settings.workloads[name]?.protected ?? false }])),
  };
  const spec = definition.spec(network, context);
  const names = coinstackNames(definition.name, network, definition.networks[0]);
  const allFloors = (options.volumeFloors ?? readVolumeFloors())[env.name] ?? {};
  const floorsOf = (of: CoinstackNames): Record<string, string> => allFloors[of.asset] ?? {};
  const secretKeys = new Set((spec.secrets ?? []).map((s) => s.key));
  const checkSecretKeys = (keys: readonly string[] | undefined, path: (string | number)[]): void =>
    keys?.forEach((key, index) => {
      if (!secretKeys.has(key)) report("definition", [...path, index], key, `expected a declared secret key (${[...secretKeys].join(", ") || "none declared"})`);
    });
  checkSecretKeys(spec.secretKeys, ["secretKeys"]);

  const main = resolvePod(
    { names, services: spec.services, sidecars: spec.sidecars, settings: settings.services, configPath: configPath(), definitionPath: [], floors: floorsOf(names) },
    options,
    report,
  );
  const { services, sidecars, ports } = main;

  const workloads: ResolvedWorkload[] = (spec.workloads ?? []).map((workload, index) => {
    const definitionPath = ["workloads", index];
    if (!optional.includes(workload.name)) report("definition", [...definitionPath, "name"], workload.name, `expected a workload listed in the coin's workloads (${optional.join(", ") || "none"})`);
    const own = settings.workloads[workload.name];
    if (own?.replicas !== undefined && own.replicas !== workload.replicas) {
      report("config", configPath("workloads", workload.name, "replicas"), own.replicas, `expected ${workload.replicas}: ${workload.replicasReason}`);
    }
    checkSecretKeys(workload.secretKeys, [...definitionPath, "secretKeys"]);
    const workloadNamesOf = workloadNames(definition.name, names, workload.name);
    const pod = resolvePod(
      {
        names: workloadNamesOf,
        services: workload.services,
        sidecars: workload.sidecars,
        settings: own?.services ?? {},
        configPath: configPath("workloads", workload.name),
        definitionPath,
        floors: floorsOf(workloadNamesOf),
      },
      options,
      report,
    );
    return {
      ...pod,
      coin: definition.name,
      network,
      env,
      // Fixed by the definition: never more pods than it allows, never two at once, no inbound exposure or routes.
      settings: { ...settings, replicas: workload.replicas, podManagementPolicy: "OrderedReady", updatePartition: 0, p2p: { exposure: "none" }, ingress: false, clientNamespaces: [], services: own?.services ?? {}, workloads: {} },
      names: workloadNamesOf,
      routes: [],
      secrets: spec.secrets ?? [],
      secretKeys: workload.secretKeys,
      storageClassName: options.storageClassName,
      workloads: [],
      workload: workload.name,
      protected: workload.protected ?? false,
    };
  });
  if (settings.existingSecret && settings.credentials.rotation > 0) {
    report("config", configPath("credentials", "rotation"), settings.credentials.rotation, `expected 0 with existingSecret (${settings.existingSecret}): its owner rotates it; nothing is generated here`);
  }
  if (settings.updatePartition > settings.replicas) {
    report("config", configPath("updatePartition"), settings.updatePartition, `expected a partition <= replicas (${settings.replicas})`);
  }
  const p2pPorts = ports.filter((p) => p.role === PortRole.P2P);
  if (settings.p2p.exposure !== "none" && p2pPorts.length === 0) {
    report("config", configPath("p2p", "exposure"), settings.p2p.exposure, `expected "none": ${definition.name} has no p2p port`);
  }
  if (settings.p2p.exposure === "NodePort") {
    const base = settings.p2p.nodePortBase;
    if (base === undefined) report("config", configPath("p2p", "nodePortBase"), base, "expected a node port between 30000 and 32767 for NodePort exposure");
    else if (base + settings.replicas * p2pPorts.length - 1 > 32767) {
      report("config", configPath("p2p", "nodePortBase"), base, `expected base + replicas x p2p ports - 1 <= 32767 (${settings.replicas} replicas)`);
    }
  }
  if (settings.p2p.exposure !== "none" && definition.p2pExposures && !definition.p2pExposures.includes(settings.p2p.exposure)) {
    const allowed = ["none", ...definition.p2pExposures].map((e) => `"${e}"`).join(", ");
    report("config", configPath("p2p", "exposure"), settings.p2p.exposure, `expected one of ${allowed}: ${definition.name}'s clients cannot advertise a per-pod address behind ${settings.p2p.exposure}`);
  }
  if (settings.p2p.exposure === "LoadBalancer" && !env.dns) {
    report("config", configPath("p2p", "exposure"), "LoadBalancer", "expected dns.rootDomain to be set: each pod advertises p2p-<ordinal>.<asset>.<root>");
  }

  const routes: ResolvedRoute[] = [];
  if (env.dns && settings.ingress) {
    for (const service of services) {
      const host = serviceHost(service.name, names.asset, env.dns.rootDomain, env.dns.environmentLabel);
      if (host.length > 253 || host.split(".").some((label) => label.length > 63)) {
        report("definition", ["services", spec.services.indexOf(spec.services.find((s) => s.name === service.name)!), "name"], service.name, `expected host ${host} to be a valid DNS name`);
      }
      for (const port of service.ports) {
        if (!port.route || UNROUTABLE_ROLES.includes(port.role)) continue;
        routes.push({ service: service.name, host, port, pathPrefix: port.route.pathPrefix ?? "/", stripPrefix: port.route.stripPrefix ?? false });
      }
    }
  }

  const resolved: ResolvedCoinstack = {
    coin: definition.name,
    network,
    env,
    settings,
    names,
    services,
    ports,
    routes,
    secrets: spec.secrets ?? [],
    sidecars,
    secretKeys: spec.secretKeys,
    storageClassName: options.storageClassName,
    workloads,
  };
  const reserved: Problem[] = [];
  const reportReserved: Report = (origin, path, value, message) => reserved.push({ origin, path, value, message });
  checkReservedEnv(resolved, spec.services, settings.services, configPath(), [], reportReserved);
  workloads.forEach((workload, index) =>
    checkReservedEnv(workload, spec.workloads![index]!.services, settings.workloads[workload.workload]?.services ?? {}, configPath("workloads", workload.workload), ["workloads", index], reportReserved),
  );
  // A reserved variable is the one thing wrong with its key (SECRETS_DIR is no credential, whatever its name says).
  const key = (p: Problem): string => `${p.origin}:${formatPath(p.path)}`;
  const reservedKeys = new Set(reserved.map(key));
  problems.splice(0, problems.length, ...problems.filter((p) => !reservedKeys.has(key(p))), ...reserved);
  if (problems.length > 0) throw toError(env, definition, network, problems);
  return resolved;
}

/**
 * Variables the stack sets itself and the scripts rely on: every variable of `commonEnv` (identity,
 * DATA_DIR, SECRETS_DIR, P2P advertisement) and the definition's own variables other than the
 * tunables it lists (integerEnv, urlEnv). A config value for one of them would win over the stack's
 * (the later entry of a duplicate name wins) and, for DATA_DIR, put the chain outside its volume.
 */
export function reservedEnv(coinstack: ResolvedCoinstack, service: ResolvedService, definition: ServiceDefinition): string[] {
  const tunable = new Set([...(definition.integerEnv ?? []), ...(definition.urlEnv ?? [])]);
  const own = Object.keys(definition.env ?? {}).filter((name) => !tunable.has(name));
  return [...new Set([...commonEnv(coinstack, service).map((e) => e.name), ...own])].sort();
}

/** Reports each variable set in config (or a definition) that overrides one the stack sets itself. */
function checkReservedEnv(
  coinstack: ResolvedCoinstack,
  definitions: readonly ServiceDefinition[],
  settings: CoinSettings["services"],
  configPath: (string | number)[],
  definitionPath: (string | number)[],
  report: Report,
): void {
  coinstack.services.forEach((service, index) => {
    const definition = definitions[index]!;
    const common = new Set(commonEnv(coinstack, service).map((e) => e.name));
    const reserved = reservedEnv(coinstack, service, definition);
    const fromConfig = settings[service.name]?.env ?? {};
    for (const [name, value] of Object.entries(fromConfig)) {
      if (reserved.includes(name)) {
        report("config", [...configPath, "services", service.name, "env", name], value, `expected a variable the stack does not set itself (it sets ${reserved.join(", ")}; the scripts rely on them)`);
      }
    }
    for (const [name, value] of Object.entries(definition.env ?? {})) {
      if (common.has(name)) report("definition", [...definitionPath, "services", index, "env", name], value, `expected a variable the stack does not set itself (it sets ${[...common].join(", ")})`);
    }
  });
}

/**
 * Problems between the coins of one environment: NodePort ranges (base + replicas x P2P ports)
 * that overlap, so two Services would ask for the same node port and the second apply would fail.
 */
export function environmentProblems(env: EnvironmentConfig, coinstacks: readonly ResolvedCoinstack[]): string[] {
  const ranges = coinstacks.flatMap((c) => {
    const base = c.settings.p2p.nodePortBase;
    const count = c.ports.filter((p) => p.role === PortRole.P2P).length * c.settings.replicas;
    return c.settings.p2p.exposure === "NodePort" && base !== undefined && count > 0 ? [{ coin: c.coin, base, last: base + count - 1 }] : [];
  });
  return ranges.flatMap((range, index) =>
    ranges
      .slice(0, index)
      .filter((other) => range.base <= other.last && other.base <= range.last)
      .map(
        (other) =>
          `config/${env.name}.yaml: ${formatPath(["coins", range.coin, "p2p", "nodePortBase"])}: expected node ports no other coin uses (${other.coin} uses ${other.base}-${other.last}, ${range.coin} would use ${range.base}-${range.last}), got ${range.base}`,
      ),
  );
}

/** The containers of one pod template (the main StatefulSet's or a workload's), before they are checked together. */
interface PodInput {
  readonly names: CoinstackNames;
  readonly services: readonly ServiceDefinition[];
  readonly sidecars?: readonly SidecarDefinition[];
  /** Config overrides by service name. */
  readonly settings: CoinSettings["services"];
  /** Path of the pod's settings under coins.<coin> in config. */
  readonly configPath: (string | number)[];
  /** Path of the pod's definition in the coin's spec. */
  readonly definitionPath: (string | number)[];
  /** Recorded volume sizes by service. */
  readonly floors: Record<string, string>;
}

type Report = (origin: Origin, path: (string | number)[], value: unknown, message: string) => void;

/** Resolves and checks one pod template's services, sidecars, ports and ConfigMap keys. */
function resolvePod(pod: PodInput, options: ResolveOptions, report: Report): { services: ResolvedService[]; sidecars: ResolvedSidecar[]; ports: ResolvedPort[] } {
  const { names, floors } = pod;
  const configPath = (...path: (string | number)[]): (string | number)[] => [...pod.configPath, ...path];
  const known = new Set(pod.services.map((s) => s.name));
  for (const name of Object.keys(pod.settings)) {
    if (!known.has(name)) report("config", configPath("services", name), undefined, `unknown service; expected one of ${[...known].join(", ")}`);
  }

  const services: ResolvedService[] = [];
  const seenServices = new Set<string>();
  pod.services.forEach((definitionService, index) => {
    const own = pod.settings[definitionService.name];
    const defPath = (...path: (string | number)[]): (string | number)[] => [...pod.definitionPath, "services", index, ...path];
    const svcPath = (...path: (string | number)[]): (string | number)[] => configPath("services", definitionService.name, ...path);
    const origin = (overridden: boolean): Origin => (overridden ? "config" : "definition");
    const at = (overridden: boolean, ...path: (string | number)[]): (string | number)[] =>
      overridden ? svcPath(...path) : defPath(...path);

    if (!DNS_LABEL.test(definitionService.name) || definitionService.name.length > 40) {
      report("definition", defPath("name"), definitionService.name, "expected a lowercase RFC 1123 label of at most 40 characters");
    }
    if (seenServices.has(definitionService.name)) report("definition", defPath("name"), definitionService.name, "expected a service name not used before");
    seenServices.add(definitionService.name);
    if (names.container(definitionService.name).length > 63) {
      report("definition", defPath("name"), definitionService.name, `expected container name ${names.container(definitionService.name)} to fit 63 characters`);
    }

    const image = own?.image ?? definitionService.image;
    if (!isPinnedImage(image)) {
      report(origin(own?.image !== undefined), at(own?.image !== undefined, "image"), image, 'expected an image pinned to a tag other than "latest" or to a digest');
    }

    const resources = own?.resources ?? definitionService.resources;
    const resourcesFromConfig = own?.resources !== undefined;
    for (const kind of ["cpu", "memory"] as const) {
      const request = resources.requests[kind];
      const limit = resources.limits[kind];
      for (const [which, value] of [["requests", request], ["limits", limit]] as const) {
        if (!isQuantity(value)) report(origin(resourcesFromConfig), at(resourcesFromConfig, "resources", which, kind), value, "expected a Kubernetes quantity such as 500m, 2, 8Gi or 1.5Ti");
      }
      const r = parseQuantity(request);
      const l = parseQuantity(limit);
      if (r !== undefined && l !== undefined && l < r) {
        report(origin(resourcesFromConfig), at(resourcesFromConfig, "resources", "limits", kind), limit, `expected a limit >= the request (${request})`);
      }
      if (r !== undefined && r <= 0) report(origin(resourcesFromConfig), at(resourcesFromConfig, "resources", "requests", kind), request, "expected a quantity greater than zero");
    }

    const storage: StorageSpec = own?.storage ?? definitionService.storage;
    const storageFromConfig = own?.storage !== undefined;
    const bytes = parseQuantity(storage.size);
    if (bytes === undefined) {
      report(origin(storageFromConfig), at(storageFromConfig, "storage", "size"), storage.size, "expected a Kubernetes quantity such as 500Gi");
    } else {
      const sizeGiB = bytes / GIB;
      if (options.storageClassName === "gp3") {
        for (const problem of gp3Problems({ sizeGiB: Math.ceil(sizeGiB), iops: storage.iops, throughput: storage.throughput })) {
          const value = problem.field === "size" ? storage.size : storage[problem.field];
          report(origin(storageFromConfig), at(storageFromConfig, "storage", problem.field), value, problem.message);
        }
      }
      const floor = floors[definitionService.name];
      const floorBytes = floor === undefined ? undefined : parseQuantity(floor);
      if (floorBytes !== undefined && bytes < floorBytes) {
        report(
          origin(storageFromConfig),
          at(storageFromConfig, "storage", "size"),
          storage.size,
          `expected at least ${floor}: volumes only grow (current size recorded in config/volume-floors.json; ${formatSize(floorBytes)} of chain data would not fit)`,
        );
      }
    }

    const probes: Partial<Record<ProbeKind, Required<ProbeTiming>>> = {};
    for (const kind of ["startup", "liveness", "readiness"] as const) {
      probes[kind] = { ...DEFAULT_PROBE_TIMING[kind], ...definitionService.probes?.[kind], ...own?.probes?.[kind] };
      const timing = probes[kind];
      if (timing.timeoutSeconds > timing.periodSeconds) {
        const fromConfig = own?.probes?.[kind] !== undefined;
        report(origin(fromConfig), at(fromConfig, "probes", kind, "timeoutSeconds"), timing.timeoutSeconds, `expected timeoutSeconds <= periodSeconds (${timing.periodSeconds})`);
      }
    }
    if (definitionService.monitor && !definitionService.scripts?.readiness) {
      report("definition", defPath("monitor"), true, "expected a readiness script for the monitor container to run");
    }
    if (definitionService.security && definitionService.security.reason.trim().length < 10) {
      report("definition", defPath("security", "reason"), definitionService.security.reason, "expected a reason (at least 10 characters) for relaxing the restricted security context");
    }
    if (definitionService.security?.runAsUser !== undefined && definitionService.security.runAsUser < 1000) {
      report("definition", defPath("security", "runAsUser"), definitionService.security.runAsUser, "expected a non-root UID >= 1000 (the namespace enforces Pod Security restricted)");
    }

    const env = { ...definitionService.env, ...own?.env };
    for (const [key, value] of Object.entries(env)) {
      const fromConfig = own?.env?.[key] !== undefined;
      if (!ENV_NAME.test(key)) report(origin(fromConfig), at(fromConfig, "env", key), key, "expected an environment variable name");
      if (CREDENTIAL_NAME.test(key) && value !== "") {
        report(origin(fromConfig), at(fromConfig, "env", key), value, "expected no credential in an environment variable; declare a secret (mounted as a file under /secrets)");
      }
      if (definitionService.integerEnv?.includes(key) && value !== "" && !/^\d+$/.test(value)) {
        report(origin(fromConfig), at(fromConfig, "env", key), value, "expected a non-negative integer (a probe threshold or tunable; see the service's scripts)");
      }
      if (definitionService.urlEnv?.includes(key) && value !== "" && !value.split(",").every((url) => isCredentialFreeUrl(url.trim()))) {
        report(
          origin(fromConfig),
          at(fromConfig, "env", key),
          value,
          "expected comma-separated http(s) URLs without credentials (no user:password@, no key or token query parameter, no API key in the path: a URL with an API key is a secret)",
        );
      }
    }

    services.push({
      ...definitionService,
      image,
      resources,
      storage,
      env,
      probes,
      dataDir: definitionService.dataDir ?? "/data",
      ports: definitionService.ports.map((p) => ({ ...p, protocol: p.protocol ?? "TCP", service: definitionService.name })),
    });
  });

  const sidecars: ResolvedSidecar[] = (pod.sidecars ?? []).map((sidecar, index) => {
    if (!isPinnedImage(sidecar.image)) report("definition", [...pod.definitionPath, "sidecars", index, "image"], sidecar.image, 'expected an image pinned to a tag other than "latest" or to a digest');
    if (seenServices.has(sidecar.name) || !DNS_LABEL.test(sidecar.name)) {
      report("definition", [...pod.definitionPath, "sidecars", index, "name"], sidecar.name, "expected a lowercase RFC 1123 label not used by a service or another sidecar");
    }
    seenServices.add(sidecar.name);
    return { ...sidecar, ports: (sidecar.ports ?? []).map((p) => ({ ...p, protocol: p.protocol ?? "TCP", service: sidecar.name })) };
  });

  // Ports share one pod network namespace and one Service: names and numbers must be unique across containers.
  const ports = [...services, ...sidecars].flatMap((s) => s.ports);
  const portNames = new Map<string, string>();
  const portNumbers = new Map<string, string>();
  const containers = [
    ...pod.services.map((s, i) => ({ owner: s, path: [...pod.definitionPath, "services", i] })),
    ...(pod.sidecars ?? []).map((s, i) => ({ owner: s, path: [...pod.definitionPath, "sidecars", i] })),
  ];
  containers.forEach(({ owner: service, path: ownerPath }) =>
    (service.ports ?? []).forEach((port, portIndex) => {
      const path = [...ownerPath, "ports", portIndex];
      if (!PORT_NAME.test(port.name)) report("definition", [...path, "name"], port.name, "expected an IANA service name: 1-15 of a-z 0-9 -, at least one letter");
      if (!Number.isInteger(port.port) || port.port < 1 || port.port > 65535) report("definition", [...path, "port"], port.port, "expected a port between 1 and 65535");
      if (port.protocol !== undefined && port.protocol !== "TCP" && port.protocol !== "UDP") report("definition", [...path, "protocol"], port.protocol, 'expected "TCP" or "UDP"');
      const owner = portNames.get(port.name);
      if (owner) report("definition", [...path, "name"], port.name, `expected a unique port name (already used by ${owner})`);
      portNames.set(port.name, service.name);
      const numberKey = `${port.port}/${port.protocol ?? "TCP"}`;
      const numberOwner = portNumbers.get(numberKey);
      if (numberOwner) report("definition", [...path, "port"], port.port, `expected a unique port number (${numberKey} already used by ${numberOwner})`);
      portNumbers.set(numberKey, `${service.name}/${port.name}`);
      if (port.route && UNROUTABLE_ROLES.includes(port.role)) {
        report("definition", [...path, "route"], port.route, `expected no route on a ${port.role} port: only api ports may be public`);
      }
      if (port.route?.pathPrefix !== undefined && !/^\/[\w\-./]*$/.test(port.route.pathPrefix)) {
        report("definition", [...path, "route", "pathPrefix"], port.route.pathPrefix, 'expected a path starting with "/"');
      }
    }),
  );

  // ConfigMap keys: scripts and config files of every service share one ConfigMap.
  const keys = new Map<string, string>();
  const claimKey = (key: string, owner: string, path: (string | number)[]): void => {
    const existing = keys.get(key);
    if (existing) report("definition", path, key, `expected a unique ConfigMap key (${key} is already ${existing})`);
    keys.set(key, owner);
  };
  pod.services.forEach((service, index) => {
    const path = [...pod.definitionPath, "services", index];
    for (const kind of Object.keys(service.scripts ?? {})) claimKey(names.scriptKey(service.name, kind), `${service.name}'s ${kind} script`, [...path, "scripts", kind]);
    (service.configFiles ?? []).forEach((file, fileIndex) => claimKey(file.key, `a config file of ${service.name}`, [...path, "configFiles", fileIndex, "key"]));
  });
  return { services, sidecars, ports };

}

function toError(env: EnvironmentConfig, definition: CoinDefinition, network: string, problems: Problem[]): ConfigError {
  return new ConfigError(
    problems.map((p) => {
      const where = p.origin === "config" ? `config/${env.name}.yaml` : `coinstacks/${definition.name} (${network})`;
      return `${where}: ${formatPath(p.path)}: ${p.message}, got ${showValue(p.value)}`;
    }),
  );
}
