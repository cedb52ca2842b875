/**
 * Helm acceptance: every helm_release of a synth output, rendered by the real
 * helm with the exact values the release passes, for the Kubernetes version
 * of its environment's cluster.
 *
 * For each release: its values decoded from Terraform's template syntax, every
 * key checked against the chart, `helm lint --strict` (the project's own
 * charts), `helm template` (the chart's values.schema.json is checked by helm
 * here) with the API versions the CRDs of the releases it depends on provide,
 * and every rendered object validated against the upstream Kubernetes,
 * cert-manager, prometheus-operator and Traefik models.
 *
 * Upstream charts come from a directory of pinned archives (`helm pull`
 * output, `<chart>-<version>.tgz`); without one, only the own charts are
 * checked. Helm never reaches a repository or a cluster.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { readSynth } from "../../ci/synth";
import type { EnvironmentConfig } from "../../config/schema";
import type { AcceptanceProblem } from "../problem";
import { decodeTemplate } from "../template";
import { CACHE_DIR, helmBinary } from "./binary";
import { type Chart, loadChartArchive, loadChartDirectory } from "./chart";
import { Helm, type HelmRequest, type Rendered } from "./helm";
import { helmComplaints } from "./messages";
import { crdApiVersions, validateObjects } from "./objects";
import { type ChartSource, helmReleases, type HelmReleaseInput } from "./releases";
import { unknownValueKeys } from "./value-keys";

export { chartCacheFromEnvironment } from "./chart-cache";

export interface HelmCheckOptions {
  /** A synth output directory (manifest.json, stacks/). */
  readonly outdir: string;
  /** The environments synthesized there: their cluster versions. */
  readonly environments: readonly EnvironmentConfig[];
  /** Directory of upstream chart archives; undefined: upstream releases are skipped and listed in `skipped`. */
  readonly chartCache?: string;
  /** helm processes at once. @default 2 */
  readonly concurrency?: number;
  /** Render cache directory, false for none. @default node_modules/.cache/helm-renders */
  readonly renderCache?: string | false;
}

export interface ReleaseSummary {
  readonly stack: string;
  readonly address: string;
  /** `<chart>-<version>`. */
  readonly chart: string;
  readonly objects: number;
  readonly validated: number;
  /** `apiVersion/kind` of rendered objects no model knows: counted, not failed. */
  readonly unmodelled: readonly string[];
}

export interface HelmCheckReport {
  readonly problems: AcceptanceProblem[];
  readonly releases: ReleaseSummary[];
  /** `<stack>: <address>` of upstream releases not checked (no chart cache). */
  readonly skipped: string[];
}

interface Outcome {
  readonly problems: AcceptanceProblem[];
  readonly summary?: ReleaseSummary;
}

/** A release up to its render: what went wrong before it, and what it rendered. */
interface Rendering {
  readonly problems: AcceptanceProblem[];
  readonly chart?: Chart;
  readonly rendered?: Rendered;
  /** API versions present once this release is installed: its CRDs' and those of the releases it waits for. */
  readonly apiVersions: readonly string[];
}

interface Run {
  readonly helm: Helm;
  readonly chartCache?: string;
  readonly renderings: Map<string, Promise<Rendering>>;
  readonly releases: ReadonlyMap<string, HelmReleaseInput>;
}

const releaseKey = (stack: string, address: string) => `${stack}\0${address}`;

function problemOf(release: HelmReleaseInput): (message: string, key?: string) => AcceptanceProblem {
  return (message, key) => ({ stack: release.stack, address: release.address, ...(key ? { key } : {}), message });
}

function loadChart(source: ChartSource, chartCache: string | undefined): { chart: Chart; path: string } {
  if (source.kind === "own") {
    if (!existsSync(source.dir)) throw new Error(`chart directory ${source.dir} not found`);
    return { chart: loadChartDirectory(source.dir), path: source.dir };
  }
  const path = join(chartCache ?? "", `${source.name}-${source.version}.tgz`);
  if (chartCache === undefined || !existsSync(path)) throw new Error(`chart archive ${path} not found: a new pin needs its archive (npm run charts:pull)`);
  return { chart: loadChartArchive(path), path };
}

/** The values documents as helm will read them once Terraform has filled in its references. */
function decodeValues(release: HelmReleaseInput): { texts: string[]; parsed: unknown[] } {
  const texts = release.values.map((value) => decodeTemplate(value).text);
  return { texts, parsed: texts.map((text) => parse(text) as unknown) };
}

/** What the releases this one depends on (transitively) add to the cluster's API. */
async function dependencyApiVersions(run: Run, release: HelmReleaseInput): Promise<string[]> {
  const dependencies = release.dependsOn.flatMap((address) => run.releases.get(releaseKey(release.stack, address)) ?? []);
  const renderings = await Promise.all(dependencies.map((dependency) => rendering(run, dependency)));
  return [...new Set(renderings.flatMap((r) => r.apiVersions))];
}

async function render(run: Run, release: HelmReleaseInput): Promise<Rendering> {
  const problem = problemOf(release);
  let loaded: { chart: Chart; path: string };
  let values: { texts: string[]; parsed: unknown[] };
  try {
    loaded = loadChart(release.chart, run.chartCache);
    values = decodeValues(release);
  } catch (error) {
    return { problems: [problem((error as Error).message)], apiVersions: [] };
  }
  const { chart, path } = loaded;
  const problems = values.parsed.flatMap((document) => unknownValueKeys(document, chart).map((key) => problem(`not a value of chart ${chart.name} ${chart.version} (helm ignores it)`, key)));
  const request: HelmRequest = { chart, chartPath: path, releaseName: release.releaseName, namespace: release.namespace, kubeVersion: release.kubeVersion, values: values.texts };
  if (release.chart.kind === "own") {
    const lint = await run.helm.lint(request);
    if (lint.status !== 0) problems.push(...helmComplaints(`${lint.stdout}\n${lint.stderr}`, true, chart.name).map((c) => problem(`helm lint: ${c.message}`, c.key)));
  }
  const before = await dependencyApiVersions(run, release);
  const rendered = await run.helm.template(request, before);
  return { problems, chart, rendered, apiVersions: [...new Set([...before, ...crdApiVersions(rendered.objects)])] };
}

/** Each release is rendered once; the releases depending on it wait for it. */
function rendering(run: Run, release: HelmReleaseInput): Promise<Rendering> {
  const key = releaseKey(release.stack, release.address);
  if (!run.renderings.has(key)) run.renderings.set(key, render(run, release));
  return run.renderings.get(key)!;
}

async function checkRelease(run: Run, release: HelmReleaseInput): Promise<Outcome> {
  const { problems, chart, rendered } = await rendering(run, release);
  if (!chart || !rendered) return { problems };
  const problem = problemOf(release);
  const validation = validateObjects(rendered.objects);
  return {
    problems: [
      ...problems,
      ...helmComplaints(rendered.stderr, rendered.status !== 0, chart.name).map((c) => problem(c.message, c.key)),
      ...rendered.yamlErrors.map((message) => problem(`helm template printed invalid YAML: ${message}`)),
      ...validation.problems.map((p) => problem(p.message, p.object)),
    ],
    summary: { stack: release.stack, address: release.address, chart: `${chart.name}-${chart.version}`, objects: rendered.objects.length, validated: validation.validated, unmodelled: validation.unmodelled },
  };
}

/** Checks every helm_release in `options.outdir`; resolves with every problem at once. */
export async function checkHelmReleases(options: HelmCheckOptions): Promise<HelmCheckReport> {
  const { manifest, stacks } = readSynth(options.outdir);
  const all = helmReleases(options.outdir, manifest, stacks, options.environments);
  const checked = all.filter((r) => r.chart.kind === "own" || options.chartCache !== undefined);
  const home = mkdtempSync(join(tmpdir(), "coinstacks-helm-"));
  try {
    const run: Run = {
      helm: new Helm({
        binary: helmBinary(),
        home,
        concurrency: options.concurrency ?? 2,
        cacheDir: options.renderCache === false ? undefined : (options.renderCache ?? join(CACHE_DIR, "helm-renders")),
      }),
      chartCache: options.chartCache,
      renderings: new Map(),
      releases: new Map(checked.map((r) => [releaseKey(r.stack, r.address), r])),
    };
    const outcomes = await Promise.all(checked.map((release) => checkRelease(run, release)));
    return {
      problems: outcomes.flatMap((o) => o.problems),
      releases: outcomes.flatMap((o) => (o.summary ? [o.summary] : [])),
      skipped: all.filter((r) => !checked.includes(r)).map((r) => `${r.stack}: ${r.address}`),
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
