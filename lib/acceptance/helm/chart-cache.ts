/**
 * The directory of pinned upstream chart archives (`<chart>-<version>.tgz`,
 * as `helm pull` names them): where the checks read them and how it is filled.
 *
 * CI sets COINSTACKS_CHART_CACHE (.ci/run: the shared archives beside the
 * clone) and must check every chart, so a missing cache fails there. On a
 * workstation `npm run charts:pull` fills .charts/; without either, the
 * upstream releases are skipped with a warning saying so.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { PinnedChart } from "../../platform/helm-addon";
import { helmBinary } from "./binary";
import { helmEnvironment } from "./run";

export const CHART_CACHE_VARIABLE = "COINSTACKS_CHART_CACHE";
/** Where `npm run charts:pull` puts the archives when the variable is unset (git-ignored). */
export const DEFAULT_CHART_CACHE = join(__dirname, "..", "..", "..", ".charts");

export type ChartCacheSetting = { readonly dir: string } | { readonly warning: string };

/** The chart cache this run uses; throws in CI (CI=true) when there is none. */
export function chartCacheFromEnvironment(env: NodeJS.ProcessEnv = process.env, defaultDir: string = DEFAULT_CHART_CACHE): ChartCacheSetting {
  const configured = env[CHART_CACHE_VARIABLE];
  if (configured) {
    if (!existsSync(configured)) throw new Error(`${CHART_CACHE_VARIABLE}=${configured}: no such directory (fill it with npm run charts:pull)`);
    return { dir: resolve(configured) };
  }
  if (existsSync(defaultDir)) return { dir: defaultDir };
  if (env.CI === "true") throw new Error(`${CHART_CACHE_VARIABLE} is not set: CI must check the upstream charts (.ci/run sets it to the shared chart archives)`);
  return {
    warning: `${CHART_CACHE_VARIABLE} is not set and .charts/ does not exist: the upstream Helm releases (traefik, cert-manager, external-dns, kube-prometheus-stack) are NOT checked. Run \`npm run charts:pull\` once on a machine with internet, or point ${CHART_CACHE_VARIABLE} at a directory of the pinned chart archives.`,
  };
}

/** `helm pull` arguments for one pinned chart (https or oci repository). */
export function pullArgs(chart: PinnedChart, destination: string): string[] {
  const source = chart.repository.startsWith("oci://") ? [`${chart.repository.replace(/\/$/, "")}/${chart.chart}`] : [chart.chart, "--repo", chart.repository];
  return ["pull", ...source, "--version", chart.version, "--destination", destination];
}

/** Downloads every chart not yet in `dir`; returns the archives it fetched. Needs internet. */
export function pullCharts(charts: readonly PinnedChart[], dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const home = mkdtempSync(join(tmpdir(), "coinstacks-helm-pull-"));
  try {
    return charts.flatMap((chart) => {
      const archive = `${chart.chart}-${chart.version}.tgz`;
      if (existsSync(join(dir, archive))) return [];
      const result = spawnSync(helmBinary(), pullArgs(chart, dir), { env: helmEnvironment(home), stdio: "inherit" });
      if (result.status !== 0) throw new Error(`helm ${pullArgs(chart, dir).join(" ")} failed (exit ${result.status})`);
      return [archive];
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
