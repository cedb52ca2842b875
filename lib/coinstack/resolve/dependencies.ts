/**
 * A coin's dependencies on other coins (an L2 reading its L1) in one environment: the provider's
 * coinstack here, reached through its client Service, or external endpoints from config. Either way
 * the reading services get one URL per endpoint in their environment.
 */
import type { CoinSettings } from "../../config/coin-settings";
import type { EnvironmentConfig } from "../../config/schema";
import { coinstackNames, type CoinstackNames } from "../../core/names";
import { type CoinDefinition, type CoinDependency, PortRole } from "../definition";
import type { KeyPath, Report } from "./problems";
import type { ResolvedPort } from "./types";
import { isCredentialFreeUrl } from "./urls";

/** The ports a dependency may read: those the provider's client Service serves, never P2P, auth or metrics. */
const READABLE_ROLES: readonly PortRole[] = [PortRole.RPC, PortRole.API];

export interface ResolvedDependency {
  readonly name: string;
  /** The provider's coinstack in this environment, and the ports read from it; none when the endpoints are external. */
  readonly provider?: { readonly coin: string; readonly names: CoinstackNames; readonly ports: readonly ResolvedPort[] };
  /** The external endpoints' URLs, when the provider is not in this environment. */
  readonly external?: readonly URL[];
  /** Each endpoint's URL by the environment variable that holds it. */
  readonly env: Readonly<Record<string, string>>;
  /** The services of this coin that read it. */
  readonly services: readonly string[];
}

export interface DependencyScope {
  readonly env: EnvironmentConfig;
  readonly definition: CoinDefinition;
  readonly settings: CoinSettings;
  readonly network: string;
  readonly report: Report;
  configPath(...path: KeyPath): KeyPath;
}

export function resolveDependencies(scope: DependencyScope): ResolvedDependency[] {
  const { definition, settings, report, configPath } = scope;
  const declared = definition.dependencies ?? [];
  for (const name of Object.keys(settings.dependencies)) {
    if (!declared.some((d) => d.name === name)) {
      report("config", configPath("dependencies", name), undefined, declared.length > 0 ? `unknown dependency; expected one of ${declared.map((d) => d.name).join(", ")}` : `unknown dependency; ${definition.name} has none`);
    }
  }
  return declared.map((dependency) => {
    const external = settings.dependencies[dependency.name]?.external;
    return external ? externalDependency(scope, dependency, external) : inEnvironment(scope, dependency);
  });
}

/** Every endpoint named once, each an http(s) URL without credentials. */
function externalDependency({ report, configPath }: DependencyScope, dependency: CoinDependency, urls: Readonly<Record<string, string>>): ResolvedDependency {
  const path = configPath("dependencies", dependency.name, "external");
  const names = dependency.endpoints.map((e) => e.name);
  for (const name of Object.keys(urls)) if (!names.includes(name)) report("config", [...path, name], urls[name], `unknown endpoint; expected ${names.join(" and ")}`);
  const env: Record<string, string> = {};
  const parsed: URL[] = [];
  for (const endpoint of dependency.endpoints) {
    const url = urls[endpoint.name];
    if (url === undefined) report("config", [...path, endpoint.name], undefined, `expected the URL of ${dependency.provider.name}'s ${endpoint.name} endpoint (every one of ${names.join(", ")} is needed)`);
    else if (!isCredentialFreeUrl(url)) report("config", [...path, endpoint.name], url, "expected an http(s) URL without credentials (no user, key or token in it): it lands in the synthesized JSON");
    else {
      env[endpoint.env] = url;
      parsed.push(new URL(url));
    }
  }
  return { name: dependency.name, external: parsed, env, services: dependency.services };
}

/** The provider's coinstack in this environment, on the network this coin's network needs. */
function inEnvironment({ env, network, report, configPath }: DependencyScope, dependency: CoinDependency): ResolvedDependency {
  const { provider } = dependency;
  const needed = dependency.networks[network];
  const own = env.coins[provider.name];
  const running = own?.enabled ? (own.network ?? provider.networks[0]) : undefined;
  const externally = `or name its endpoints in ${configPath("dependencies", dependency.name, "external").join(".")} (${dependency.endpoints.map((e) => e.name).join(", ")})`;
  if (needed === undefined) throw new Error(`${configPath().join(".")}: dependency ${dependency.name} names no ${provider.name} network for ${network}`);
  if (running !== needed) {
    const actual = running === undefined ? "it is not enabled here" : `it runs ${running} here`;
    report("config", configPath("dependencies", dependency.name), undefined, `expected coins.${provider.name} enabled on ${needed} in this environment (${actual}), ${externally}`);
    return { name: dependency.name, env: {}, services: dependency.services };
  }
  const names = coinstackNames(provider.name, needed, provider.networks[0]);
  const offered = provider.spec(needed).services.flatMap((s) => s.ports.map((p) => ({ ...p, protocol: p.protocol ?? "TCP", service: s.name })));
  const entries = dependency.endpoints.map((endpoint) => {
    const port = offered.find((p) => p.name === endpoint.port && READABLE_ROLES.includes(p.role));
    if (!port) throw new Error(`${configPath().join(".")}: dependency ${dependency.name} reads ${provider.name}'s port ${endpoint.port}, which is no rpc or api port of it`);
    return { endpoint, port };
  });
  return {
    name: dependency.name,
    provider: { coin: provider.name, names, ports: entries.map((e) => e.port) },
    env: Object.fromEntries(entries.map(({ endpoint, port }) => [endpoint.env, `http://${names.clientService}.${names.namespace}.svc:${port.port}`])),
    services: dependency.services,
  };
}
