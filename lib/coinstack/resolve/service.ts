/**
 * One service of a pod: its definition with the environment's overrides, each
 * value checked where it came from (a config override, else the definition).
 */
import type { ServiceSettings } from "../../config/coin-settings";
import { isPinnedImage } from "../../config/coin-settings";
import { GIB, isQuantity, parseQuantity } from "../../config/quantity";
import { DNS_LABEL } from "../../config/rules";
import { holdsCredential } from "../../core/credential-name";
import type { CoinstackNames } from "../../core/names";
import { DEFAULT_PROBE_TIMING, type ProbeKind, type ProbeTiming, type Resources, type ServiceDefinition, type StorageSpec } from "../definition";
import { gp3Problems } from "../gp3";
import type { KeyPath, Report } from "./problems";
import type { ResolvedService } from "./types";
import { isCredentialFreeUrl } from "./urls";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A service being resolved, and how a problem with one of its values is reported. */
export interface ServiceScope {
  readonly definition: ServiceDefinition;
  /** The environment's overrides (coins.<coin>.services.<name>). */
  readonly own: ServiceSettings | undefined;
  /** Reports at the config key when the value came from config, else at the definition's key. */
  readonly report: (fromConfig: boolean, path: KeyPath, value: unknown, message: string) => void;
  /** Reports at the definition's key. */
  readonly reportDefinition: (path: KeyPath, value: unknown, message: string) => void;
}

/** How the service's data volume is checked. */
export interface StorageRules {
  /** gp3 limits apply when the StorageClass is the platform's gp3. */
  readonly storageClassName?: string;
  /** The size recorded for this volume in config/volume-floors.json, if any. */
  readonly floor?: string;
}

export function serviceScope(definition: ServiceDefinition, own: ServiceSettings | undefined, report: Report, configPath: KeyPath, definitionPath: KeyPath): ServiceScope {
  return {
    definition,
    own,
    report: (fromConfig, path, value, message) => report(fromConfig ? "config" : "definition", [...(fromConfig ? configPath : definitionPath), ...path], value, message),
    reportDefinition: (path, value, message) => report("definition", [...definitionPath, ...path], value, message),
  };
}

export function resolveService(scope: ServiceScope, names: CoinstackNames, usedNames: Set<string>, storage: StorageRules): ResolvedService {
  const { definition } = scope;
  checkServiceName(scope, names, usedNames);
  const image = resolveImage(scope);
  const resources = resolveResources(scope);
  const volume = resolveStorage(scope, storage);
  const probes = resolveProbes(scope);
  checkContainerDefinition(scope);
  const env = resolveEnv(scope);
  return {
    ...definition,
    image,
    resources,
    storage: volume,
    env,
    probes,
    dataDir: definition.dataDir ?? "/data",
    ports: definition.ports.map((p) => ({ ...p, protocol: p.protocol ?? "TCP", service: definition.name })),
  };
}

function checkServiceName({ definition, reportDefinition }: ServiceScope, names: CoinstackNames, usedNames: Set<string>): void {
  const name = definition.name;
  if (!DNS_LABEL.test(name) || name.length > 40) reportDefinition(["name"], name, "expected a lowercase RFC 1123 label of at most 40 characters");
  if (usedNames.has(name)) reportDefinition(["name"], name, "expected a service name not used before");
  usedNames.add(name);
  if (names.container(name).length > 63) reportDefinition(["name"], name, `expected container name ${names.container(name)} to fit 63 characters`);
}

function resolveImage({ definition, own, report }: ServiceScope): string {
  const image = own?.image ?? definition.image;
  if (!isPinnedImage(image)) report(own?.image !== undefined, ["image"], image, 'expected an image pinned to a tag other than "latest" or to a digest');
  return image;
}

function resolveResources({ definition, own, report }: ServiceScope): Resources {
  const resources = own?.resources ?? definition.resources;
  const fromConfig = own?.resources !== undefined;
  for (const kind of ["cpu", "memory"] as const) {
    const request = resources.requests[kind];
    const limit = resources.limits[kind];
    for (const [which, value] of [["requests", request], ["limits", limit]] as const) {
      if (!isQuantity(value)) report(fromConfig, ["resources", which, kind], value, "expected a Kubernetes quantity such as 500m, 2, 8Gi or 1.5Ti");
    }
    const r = parseQuantity(request);
    const l = parseQuantity(limit);
    if (r !== undefined && l !== undefined && l < r) report(fromConfig, ["resources", "limits", kind], limit, `expected a limit >= the request (${request})`);
    if (r !== undefined && r <= 0) report(fromConfig, ["resources", "requests", kind], request, "expected a quantity greater than zero");
  }
  return resources;
}

function resolveStorage({ definition, own, report }: ServiceScope, rules: StorageRules): StorageSpec {
  const storage: StorageSpec = own?.storage ?? definition.storage;
  const fromConfig = own?.storage !== undefined;
  const bytes = parseQuantity(storage.size);
  if (bytes === undefined) {
    report(fromConfig, ["storage", "size"], storage.size, "expected a Kubernetes quantity such as 500Gi");
    return storage;
  }
  if (rules.storageClassName === "gp3") {
    for (const problem of gp3Problems({ sizeGiB: Math.ceil(bytes / GIB), iops: storage.iops, throughput: storage.throughput })) {
      report(fromConfig, ["storage", problem.field], problem.field === "size" ? storage.size : storage[problem.field], problem.message);
    }
  }
  const floorBytes = rules.floor === undefined ? undefined : parseQuantity(rules.floor);
  if (floorBytes !== undefined && bytes < floorBytes) {
    const lost = `${Math.round(floorBytes / GIB)}Gi`;
    report(fromConfig, ["storage", "size"], storage.size, `expected at least ${rules.floor}: volumes only grow (current size recorded in config/volume-floors.json; ${lost} of chain data would not fit)`);
  }
  return storage;
}

function resolveProbes({ definition, own, report }: ServiceScope): Partial<Record<ProbeKind, Required<ProbeTiming>>> {
  const probes: Partial<Record<ProbeKind, Required<ProbeTiming>>> = {};
  for (const kind of ["startup", "liveness", "readiness"] as const) {
    const timing = { ...DEFAULT_PROBE_TIMING[kind], ...definition.probes?.[kind], ...own?.probes?.[kind] };
    probes[kind] = timing;
    if (timing.timeoutSeconds > timing.periodSeconds) {
      report(own?.probes?.[kind] !== undefined, ["probes", kind, "timeoutSeconds"], timing.timeoutSeconds, `expected timeoutSeconds <= periodSeconds (${timing.periodSeconds})`);
    }
  }
  return probes;
}

/** What only the definition sets: the monitor container's script and a relaxed security context's reason and user. */
function checkContainerDefinition({ definition, reportDefinition }: ServiceScope): void {
  if (definition.monitor && !definition.scripts?.readiness) reportDefinition(["monitor"], true, "expected a readiness script for the monitor container to run");
  for (const [kind, network] of Object.entries(definition.networkProbes ?? {})) {
    const port = "httpGet" in network ? network.httpGet.port : network.tcpSocket.port;
    if (definition.scripts?.[kind as "startup" | "liveness"]) reportDefinition(["networkProbes", kind], network, `expected either a ${kind} script or a network probe, not both`);
    if (!definition.ports.some((p) => p.name === port)) reportDefinition(["networkProbes", kind], port, `expected a port of the service (${definition.ports.map((p) => p.name).join(", ")})`);
  }
  const security = definition.security;
  if (security && security.reason.trim().length < 10) {
    reportDefinition(["security", "reason"], security.reason, "expected a reason (at least 10 characters) for relaxing the restricted security context");
  }
  if (security?.runAsUser !== undefined && security.runAsUser < 1000) {
    reportDefinition(["security", "runAsUser"], security.runAsUser, "expected a non-root UID >= 1000 (the namespace enforces Pod Security restricted)");
  }
}

function resolveEnv({ definition, own, report }: ServiceScope): Record<string, string> {
  const env = { ...definition.env, ...own?.env };
  for (const [key, value] of Object.entries(env)) {
    const fromConfig = own?.env?.[key] !== undefined;
    if (!ENV_NAME.test(key)) report(fromConfig, ["env", key], key, "expected an environment variable name");
    if (holdsCredential(key, value)) {
      report(fromConfig, ["env", key], value, "expected no credential in an environment variable; declare a secret (mounted as a file under /secrets)");
    }
    if (definition.integerEnv?.includes(key) && value !== "" && !/^\d+$/.test(value)) {
      report(fromConfig, ["env", key], value, "expected a non-negative integer (a probe threshold or tunable; see the service's scripts)");
    }
    if (definition.urlEnv?.includes(key) && value !== "" && !value.split(",").every((url) => isCredentialFreeUrl(url.trim()))) {
      const allowed = "expected comma-separated http(s) URLs without credentials (no user:password@, no key or token query parameter, no API key in the path: a URL with an API key is a secret)";
      report(fromConfig, ["env", key], value, allowed);
    }
  }
  return env;
}
