/**
 * Issue 15: every alert rule reads only metrics some scraped target exports — the chart's targets
 * (PLATFORM_SCRAPED_METRICS) and the coinstacks' METRICS ports (their declared chain metrics), a list
 * derived from the code, not typed again here — and each METRICS port Prometheus scrapes is admitted
 * from the monitoring namespace only.
 */
import { exportedMetrics, promqlMetricNames } from "../helpers/promql";
import { shippedSynthesis } from "../helpers/synth";

const { stacks } = shippedSynthesis();

function rulesOf(envName: string): { alert: string; expr: string }[] {
  const stackJsons = [...stacks.entries()].filter(([name]) => name.startsWith(`${envName}-`)).map(([, json]) => json);
  const manifests = stackJsons.flatMap((json) => Object.values<any>(json.resource?.kubernetes_manifest ?? {}).map((m) => m.manifest));
  const coinRules = manifests.filter((m) => m.kind === "PrometheusRule").flatMap((m) => m.spec.groups.flatMap((g: any) => g.rules));
  const releases = stackJsons.flatMap((json) => Object.values<any>(json.resource?.helm_release ?? {}));
  const monitoring = releases.find((r) => r.name === "kube-prometheus-stack");
  const platformRules = monitoring ? Object.values<any>(JSON.parse(monitoring.values[0]).additionalPrometheusRulesMap ?? {}).flatMap((r) => r.groups.flatMap((g: any) => g.rules)) : [];
  return [...coinRules, ...platformRules];
}

describe.each(["dev", "prod"])("%s", (env) => {
  const metrics = exportedMetrics(env);
  const rules = rulesOf(env);

  it("has chain alerts on the metrics the clients export", () => {
    expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining(["CoinstackHeightStalled", "CoinstackPeersLow"]));
  });

  it("reads in every alert rule only metrics a scraped target exports", () => {
    const strangers = rules.flatMap((rule) => promqlMetricNames(rule.expr).filter((name) => !metrics.has(name)).map((name) => `${rule.alert}: ${name}`));
    expect(rules.length).toBeGreaterThan(20);
    expect(strangers).toEqual([]);
  });
});

it("admits each port a PodMonitor scrapes from the monitoring namespace, and the metrics ports from nowhere else", () => {
  for (const [name, json] of stacks) {
    const resources = json.resource ?? {};
    const monitors = Object.values<any>(resources.kubernetes_manifest ?? {}).map((m) => m.manifest).filter((m) => m.kind === "PodMonitor");
    if (monitors.length === 0) continue;
    const policies = Object.values<any>(resources.kubernetes_network_policy_v1 ?? {});
    const fromMonitoring = policies.filter((p) => p.metadata.name.endsWith("allow-metrics"));
    const admitted = new Set(fromMonitoring.flatMap((p) => p.spec.ingress.flatMap((rule: any) => rule.ports.map((port: any) => port.port))));
    const ports = Object.values<any>(resources.kubernetes_stateful_set_v1 ?? {}).flatMap((sts) => sts.spec.template.spec.container.flatMap((c: any) => c.port ?? []));
    for (const monitor of monitors) {
      for (const endpoint of monitor.spec.podMetricsEndpoints) {
        const port = ports.find((p: any) => p.name === endpoint.port);
        expect([name, endpoint.port, admitted.has(String(port?.container_port))]).toEqual([name, endpoint.port, true]);
      }
    }
    for (const policy of fromMonitoring) {
      for (const rule of policy.spec.ingress) expect(rule.from).toEqual([{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "monitoring" } } }]);
    }
  }
});
