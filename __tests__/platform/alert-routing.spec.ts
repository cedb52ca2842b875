/**
 * Issue 15, alert routing: with monitoring on, every alert reaches a receiver a person reads, by
 * severity; Watchdog goes to the dead man's switch; no credential passes through config or state;
 * a missing receiver fails synth. The routing tree is walked as Alertmanager walks it
 * (lib/acceptance/alertmanager.ts).
 */
import { alertmanagerConfigProblems, receiversOf } from "../../lib/acceptance/alertmanager";
import { INHIBITED_BY_COINSTACK_DOWN } from "../../lib/core/alert-names";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { monitoringValues as monitoringValuesOf } from "../../lib/platform/monitoring";
import { buildError } from "../helpers/bad-input";
import { manifestsOfKind, synthCoin } from "../helpers/coinstack";
import { variantOf } from "../helpers/config";
import { shippedSynthesis } from "../helpers/synth";

const { stacks } = shippedSynthesis();

function monitoringValues(stack: string): Record<string, any> {
  const releases = Object.values<any>(stacks.get(stack)!.resource!.helm_release!);
  return JSON.parse(releases.find((r) => r.name === "kube-prometheus-stack").values[0]);
}

/** Every alert the coin stacks of an environment define, with its labels. */
function coinAlerts(env: string): { alert: string; labels: Record<string, string> }[] {
  return [...stacks.entries()]
    .filter(([name]) => name.startsWith(`${env}-`))
    .flatMap(([, json]) => Object.values<any>(json.resource?.kubernetes_manifest ?? {}))
    .filter((m) => m.manifest.kind === "PrometheusRule")
    .flatMap((m) => m.manifest.spec.groups.flatMap((g: any) => g.rules))
    .filter((rule) => rule.alert)
    .map((rule) => ({ alert: rule.alert, labels: { alertname: rule.alert, ...rule.labels } }));
}

describe.each(["dev", "prod"])("%s", (env) => {
  const config = monitoringValues(`${env}-platform`).alertmanager.config;

  it("has an Alertmanager configuration Alertmanager accepts", () => {
    expect(alertmanagerConfigProblems(config)).toEqual([]);
  });

  it("sends every alert of the coinstacks and of the platform's own rules to a receiver a person reads", () => {
    const platformRules = Object.values<any>(monitoringValues(`${env}-platform`).additionalPrometheusRulesMap).flatMap((r) => r.groups.flatMap((g: any) => g.rules));
    const alerts = [...coinAlerts(env), ...platformRules.map((rule) => ({ alert: rule.alert, labels: { alertname: rule.alert, ...rule.labels } }))];
    expect(alerts.map((a) => a.alert)).toEqual(expect.arrayContaining(["CoinstackDown", "CertificateExpiringSoon"]));
    for (const { alert, labels } of alerts) expect([alert, receiversOf(config.route, labels).filter((r) => r !== "null")]).toEqual([alert, expect.arrayContaining([expect.any(String)])]);
  });

  it("sends alerts of every severity the chart's rules use to someone, and InfoInhibitor to nobody", () => {
    for (const severity of ["critical", "warning", "info", "none"]) expect(receiversOf(config.route, { alertname: "KubePodCrashLooping", severity })).not.toContain("null");
    expect(receiversOf(config.route, { alertname: "InfoInhibitor", severity: "none" })).toEqual(["null"]);
  });
});

describe("prod", () => {
  const values = monitoringValues("prod-platform");
  const route = values.alertmanager.config.route;

  it("pages the on-call for critical alerts and tells the channel of critical and warning ones", () => {
    expect(receiversOf(route, { alertname: "CoinstackDown", severity: "critical" })).toEqual(["oncall", "chain-alerts"]);
    expect(receiversOf(route, { alertname: "CoinstackNotReady", severity: "warning" })).toEqual(["chain-alerts"]);
  });

  it("sends Watchdog to the dead man's switch every minute, and nowhere else", () => {
    expect(receiversOf(route, { alertname: "Watchdog", severity: "none" })).toEqual(["heartbeat"]);
    expect(route.routes[0]).toMatchObject({ receiver: "heartbeat", repeat_interval: "1m", group_interval: "1m" });
  });

  it("reads every URL and key from a file of a mounted Secret: none is in the values", () => {
    const receivers = values.alertmanager.config.receivers;
    const files = receivers.flatMap((r: any) => Object.entries(r).filter(([k]) => k.endsWith("_configs")).flatMap(([, list]) => list as any[]));
    for (const notifier of files) expect(Object.keys(notifier).filter((k) => /url|key/.test(k))).toEqual([expect.stringMatching(/_file$/)]);
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(["alertmanager-heartbeat", "alertmanager-pagerduty", "alertmanager-slack"]);
  });

  it("silences a coinstack's not-ready and restart alerts while the coinstack is down", () => {
    expect(values.alertmanager.config.inhibit_rules).toContainEqual({
      source_matchers: ["alertname = CoinstackDown"],
      target_matchers: [`alertname =~ ${INHIBITED_BY_COINSTACK_DOWN.join("|")}`],
      equal: ["namespace", "asset"],
    });
  });

  it("has Prometheus scrape cert-manager, whose metrics the certificate alerts read, once the ServiceMonitor CRD exists", () => {
    const releases = Object.entries<any>(stacks.get("prod-platform")!.resource!.helm_release!);
    const [monitoringId] = releases.find(([, r]) => r.name === "kube-prometheus-stack")!;
    const [, certManager] = releases.find(([, r]) => r.name === "cert-manager")!;
    expect(JSON.parse(certManager.values[0]).prometheus).toEqual({ enabled: true, servicemonitor: { enabled: true } });
    expect(certManager.depends_on).toContain(`helm_release.${monitoringId}`);
  });

  it("labels every alert with its environment", () => {
    expect(values.prometheus.prometheusSpec.externalLabels).toEqual({ environment: "prod" });
  });
});

describe("runbook links", () => {
  const url = "https://github.com/acme/coinstacks/blob/main/README.md";
  const env = variantOf("prod", (input) => (input.platform.monitoring.alerting.runbookUrl = url));
  it("link every alert, the coinstacks' and the platform's, to the README's alerts section when config names the README", () => {
    const [rules] = manifestsOfKind(synthCoin("bitcoin", { env }), "PrometheusRule");
    const platformRules = (monitoringValuesOf({ alerting: env.platform.monitoring.alerting }) as any).additionalPrometheusRulesMap["coinstacks-platform"].groups[0].rules;
    for (const rule of [...rules.spec.groups[0].rules, ...platformRules]) expect(rule.annotations.runbook_url).toBe(`${url}#alerts-and-dashboards`);
  });
  it("point at a section the README has", () => {
    expect(readFileSync(join(__dirname, "..", "..", "README.md"), "utf8")).toMatch(/^## Alerts and dashboards$/m);
  });
});

describe("config", () => {
  const alerting = "platform.monitoring.alerting";
  it("refuses monitoring without receivers, saying no alert would reach anyone", () => {
    expect(buildError({ [alerting]: undefined }, "prod")?.problems).toEqual([
      "config/prod.yaml: platform.monitoring.alerting: expected receivers for the alerts (or receivers: [] with noReceiversReason): without them no alert reaches anyone, got nothing",
    ]);
  });

  it("allows receivers: [] only with a reason", () => {
    expect(buildError({ [alerting]: { receivers: [] } }, "dev")?.problems).toEqual([
      "config/dev.yaml: platform.monitoring.alerting.receivers: expected at least one receiver, or noReceiversReason saying why nobody is notified, got []",
    ]);
    expect(buildError({ [alerting]: { receivers: [], noReceiversReason: "a throwaway cluster nobody is on call for" } }, "dev")).toBeUndefined();
  });

  it("refuses a route to a receiver that does not exist, and a production environment without a heartbeat", () => {
    const receivers = [{ name: "chat", type: "slack", secret: { name: "alertmanager-slack", key: "url" } }];
    expect(buildError({ [alerting]: { receivers, routes: [{ receiver: "pager", severities: ["critical"] }] } }, "prod")?.problems).toEqual([
      'config/prod.yaml: platform.monitoring.alerting.routes[0].receiver: expected one of the receivers (chat), got "pager"',
      "config/prod.yaml: platform.monitoring.alerting.heartbeat: expected a heartbeat (a dead man's switch's webhook URL in a Secret) in a production environment: without it a dead Prometheus or Alertmanager goes unnoticed, got nothing",
    ]);
  });

  it("refuses a receiver named like the generated ones, and a channel for anything but Slack", () => {
    const receivers = [{ name: "null", type: "pagerduty", secret: { name: "pd", key: "key" }, channel: "#x" }];
    expect(buildError({ [alerting]: { receivers, noReceiversReason: undefined } }, "dev")?.problems).toEqual([
      'config/dev.yaml: platform.monitoring.alerting.receivers[0].name: expected a name other than null and heartbeat (the generated configuration uses them), got "null"',
      'config/dev.yaml: platform.monitoring.alerting.receivers[0].channel: expected no channel for a pagerduty receiver (slack only), got "#x"',
    ]);
  });
});

describe("the Alertmanager configuration check", () => {
  const valid = { route: { receiver: "a", routes: [{ receiver: "a", matchers: ['severity = "critical"'] }] }, receivers: [{ name: "a", webhook_configs: [{ url_file: "/f" }] }] };
  it("accepts a valid configuration", () => {
    expect(alertmanagerConfigProblems(valid)).toEqual([]);
  });
  it("refuses a bad matcher, a bad duration, a notifier without its credential and a root route with matchers", () => {
    const broken = structuredClone(valid) as any;
    broken.route.matchers = ["severity == critical"];
    broken.route.group_wait = "30 seconds";
    broken.receivers[0].webhook_configs[0] = { send_resolved: true };
    expect(alertmanagerConfigProblems(broken)).toEqual([
      "receivers[0].webhook_configs[0]: expected exactly one of url, url_file",
      'route.group_wait: not a duration: "30 seconds"',
      'route.matchers[0]: not a label matcher: "severity == critical"',
      "route: the root route needs a receiver and takes no matchers and no continue",
    ]);
  });
});
