/**
 * Variables the stack sets itself and the scripts rely on. A config value for
 * one of them would win over the stack's (the later entry of a duplicate name
 * wins) and, for DATA_DIR, put the chain outside its volume.
 */
import type { CoinSettings } from "../../config/coin-settings";
import type { CoinstackSpec, ServiceDefinition } from "../definition";
import { commonEnv } from "../workload/env";
import { type KeyPath, type Problem, problemKey, Problems, type Report } from "./problems";
import type { ResolvedCoinstack, ResolvedService } from "./types";

/**
 * Every variable of `commonEnv` (identity, DATA_DIR, SECRETS_DIR, P2P advertisement) and the
 * definition's own variables other than the tunables it lists (integerEnv, urlEnv).
 */
function reservedEnv(coinstack: ResolvedCoinstack, service: ResolvedService, definition: ServiceDefinition): string[] {
  const tunable = new Set([...(definition.integerEnv ?? []), ...(definition.urlEnv ?? [])]);
  const own = Object.keys(definition.env ?? {}).filter((name) => !tunable.has(name));
  const dependencies = coinstack.dependencies.filter((d) => d.services.includes(service.name)).flatMap((d) => Object.keys(d.env));
  return [...new Set([...commonEnv(coinstack, service).map((e) => e.name), ...own, ...dependencies])].sort();
}

/**
 * `problems` with those of reserved variables (of the main pod and every workload) added last. A
 * reserved variable is the one thing wrong with its key: SECRETS_DIR is no credential, whatever its
 * name says, so other problems at the same key are dropped.
 */
export function withReservedEnvProblems(problems: readonly Problem[], resolved: ResolvedCoinstack, spec: CoinstackSpec, configPath: (...path: KeyPath) => KeyPath): Problem[] {
  const reserved = new Problems();
  checkReservedEnv(resolved, spec.services, resolved.settings.services, configPath(), [], reserved.report);
  resolved.workloads.forEach((workload, index) =>
    checkReservedEnv(workload, spec.workloads![index]!.services, resolved.settings.workloads[workload.workload]?.services ?? {}, configPath("workloads", workload.workload), ["workloads", index], reserved.report),
  );
  const reservedKeys = new Set(reserved.list.map(problemKey));
  return [...problems.filter((p) => !reservedKeys.has(problemKey(p))), ...reserved.list];
}

/** Reports each variable set in config (or a definition) that overrides one the stack sets itself. */
function checkReservedEnv(
  coinstack: ResolvedCoinstack,
  definitions: readonly ServiceDefinition[],
  settings: CoinSettings["services"],
  configPath: KeyPath,
  definitionPath: KeyPath,
  report: Report,
): void {
  coinstack.services.forEach((service, index) => {
    const definition = definitions[index]!;
    const common = new Set(commonEnv(coinstack, service).map((e) => e.name));
    const reserved = reservedEnv(coinstack, service, definition);
    for (const [name, value] of Object.entries(settings[service.name]?.env ?? {})) {
      if (reserved.includes(name)) {
        report("config", [...configPath, "services", service.name, "env", name], value, `expected a variable the stack does not set itself (it sets ${reserved.join(", ")}; the scripts rely on them)`);
      }
    }
    for (const [name, value] of Object.entries(definition.env ?? {})) {
      if (common.has(name)) report("definition", [...definitionPath, "services", index, "env", name], value, `expected a variable the stack does not set itself (it sets ${[...common].join(", ")})`);
    }
  });
}
