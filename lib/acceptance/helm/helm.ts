/**
 * `helm template` and `helm lint` for the checks: at most `concurrency` helm
 * processes at once, values handed over as files, and renders cached.
 *
 * The render cache (node_modules/.cache/helm-renders) is keyed by everything
 * the result depends on: the helm build, the chart's bytes, the values text,
 * the arguments, and the YAML parser (its version and objects.ts) that turned
 * helm's output into objects.
 * Renders repeat across environments (cert-manager's values are the same in
 * each) and across runs; kube-prometheus-stack's 5 MB of output takes a
 * second to parse, the cached objects a few milliseconds to read.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { layerVersion } from "./binary";
import type { Chart } from "./chart";
import { type ParsedDocument, parseManifests, type RenderedObject } from "./objects";
import { limiter, type ProcessResult, runProcess, writeFileAtomically } from "../process";
import { helmEnvironment } from "./run";

/** Bumped whenever the cached entry's shape changes. */
const CACHE_FORMAT = 1;
/** The code that turns helm's output into the cached objects: an edit to it invalidates the cache. */
const PARSER_SOURCE = join(__dirname, "objects.ts");

export interface HelmRequest {
  readonly chart: Chart;
  /** The chart directory or archive helm reads. */
  readonly chartPath: string;
  readonly releaseName: string;
  readonly namespace: string;
  /** `x.y.z`. */
  readonly kubeVersion: string;
  /** Values documents (YAML or JSON text), applied in order. */
  readonly values: readonly string[];
}

export interface Rendered {
  readonly status: number;
  readonly stderr: string;
  readonly objects: RenderedObject[];
  /** Syntax errors in helm's output. */
  readonly yamlErrors: string[];
}

export interface HelmOptions {
  readonly binary: string;
  /** Private HELM_*_HOME and values files. */
  readonly home: string;
  readonly concurrency: number;
  /** Render cache directory; undefined for none. */
  readonly cacheDir?: string;
}

const hash = (text: string): string => createHash("sha256").update(text).digest("hex");

/**
 * Renders and parsed documents of this process, by content: shared by every
 * check run, as the same inputs always give the same result.
 */
const renders = new Map<string, Promise<Rendered>>();
const documents = new Map<string, ParsedDocument>();

export class Helm {
  private readonly schedule: ReturnType<typeof limiter>;
  private readonly env: NodeJS.ProcessEnv;
  /** What a render's result depends on besides its inputs: the helm build and the YAML parsing. */
  private readonly tools: string;

  constructor(private readonly options: HelmOptions) {
    this.schedule = limiter(options.concurrency);
    this.env = helmEnvironment(options.home);
    this.tools = JSON.stringify({ format: CACHE_FORMAT, helm: layerVersion(), yaml: packageVersion("yaml"), parser: hash(readFileSync(PARSER_SOURCE, "utf8")) });
  }

  /** `-f <file>` for each values document, each file named by its content. */
  private valuesArgs(values: readonly string[]): string[] {
    const dir = join(this.options.home, "values");
    mkdirSync(dir, { recursive: true });
    return values.flatMap((text) => {
      const file = join(dir, `${hash(text)}.yaml`);
      if (!existsSync(file)) writeFileSync(file, text);
      return ["--values", file];
    });
  }

  private run(args: readonly string[]): Promise<ProcessResult> {
    return this.schedule(() => runProcess(this.options.binary, args, { env: this.env }));
  }

  /** `helm lint --strict`: fails on the chart's errors and warnings with these values. */
  lint(request: HelmRequest): Promise<ProcessResult> {
    return this.run(["lint", request.chartPath, "--strict", "--quiet", "--namespace", request.namespace, "--kube-version", request.kubeVersion, ...this.valuesArgs(request.values)]);
  }

  /** `helm template --include-crds`, with `apiVersions` present as if their CRDs were installed. */
  template(request: HelmRequest, apiVersions: readonly string[]): Promise<Rendered> {
    const flags = ["--namespace", request.namespace, "--kube-version", request.kubeVersion, "--include-crds", ...[...apiVersions].sort().flatMap((v) => ["--api-versions", v])];
    const key = hash(JSON.stringify({ tools: this.tools, chart: request.chart.fingerprint, release: request.releaseName, flags, values: request.values }));
    if (!renders.has(key)) renders.set(key, this.cached(key, () => this.render(["template", request.releaseName, request.chartPath, ...flags, ...this.valuesArgs(request.values)])));
    return renders.get(key)!;
  }

  private async render(args: readonly string[]): Promise<Rendered> {
    const result = await this.run(args);
    const { objects, errors } = result.status === 0 ? parseManifests(result.stdout, documents) : { objects: [], errors: [] };
    return { status: result.status, stderr: result.stderr, objects, yamlErrors: errors };
  }

  private async cached(key: string, render: () => Promise<Rendered>): Promise<Rendered> {
    const dir = this.options.cacheDir;
    const file = dir && join(dir, `${key}.json`);
    if (file && existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Rendered;
    const rendered = await render();
    // Only successful renders are kept: a failure is re-run, so its message is always helm's current one.
    if (file && rendered.status === 0) writeFileAtomically(file, JSON.stringify(rendered));
    return rendered;
  }
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string }).version;
}
