/**
 * `npm run charts:pull`: `helm pull` of every chart lib/platform/charts.ts
 * pins, at its exact version, into COINSTACKS_CHART_CACHE (default .charts/),
 * for the Helm acceptance tests. Needs internet; archives already there are
 * kept. Uses the helm the devDependencies ship.
 */
import { CHART_CACHE_VARIABLE, DEFAULT_CHART_CACHE, pullCharts } from "../lib/acceptance/helm/chart-cache";
import { CHARTS } from "../lib/platform/charts";

if (require.main === module) {
  const dir = process.env[CHART_CACHE_VARIABLE] || DEFAULT_CHART_CACHE;
  const pulled = pullCharts(Object.values(CHARTS), dir);
  console.log(`${dir}: ${pulled.length ? `pulled ${pulled.join(", ")}` : "every pinned chart already there"}`);
}
