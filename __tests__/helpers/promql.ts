/**
 * The metric names a PromQL expression reads, for the tests that hold alert rules to what is scraped:
 * identifiers that are neither functions (followed by "("), keywords, label names (inside {} or a
 * by/without/on/ignoring list) nor durations.
 */
import { COINS, type CoinName } from "../../coinstacks";
import { PortRole } from "../../lib/coinstack/definition";
import { resolveCoinstack } from "../../lib/coinstack/resolve";
import { PLATFORM_SCRAPED_METRICS } from "../../lib/platform/monitoring";
import { shippedEnvironment } from "./config";

const KEYWORDS = new Set(["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"]);

export function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "");
  const names = [...stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(?!\s*\(|[a-zA-Z0-9_:])/g)].map((m) => m[0]).filter((name) => !KEYWORDS.has(name.toLowerCase()));
  return [...new Set(names)];
}

/** The metrics the scraped targets of an environment export, as the code declares them. */
export function exportedMetrics(envName: string): Set<string> {
  const env = shippedEnvironment(envName);
  const declared = Object.entries(env.coins)
    .filter(([, settings]) => settings.enabled)
    .flatMap(([coin, settings]) => {
      const coinstack = resolveCoinstack(env, COINS[coin as CoinName], settings, { storageClassName: "gp3", volumeFloors: {} });
      return [coinstack, ...coinstack.workloads].flatMap((unit) => unit.ports.filter((p) => p.role === PortRole.METRICS));
    })
    .flatMap((port) => Object.values(port.metrics ?? {}).flatMap((series) => (typeof series === "object" ? [series.name] : [])));
  return new Set([...PLATFORM_SCRAPED_METRICS, ...declared]);
}

