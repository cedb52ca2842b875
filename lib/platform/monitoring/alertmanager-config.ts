/**
 * Alertmanager's configuration (alertmanager.yml, v0.28 as kube-prometheus-stack 77 pins it) from
 * `platform.monitoring.alerting`. Receivers read their URL or key from a mounted Secret through the
 * `*_file` fields (config/notifiers.go at v0.28.1: slack api_url_file, pagerduty routing_key_file,
 * opsgenie api_key_file, webhook url_file), so no credential passes through Helm values or state.
 */
import type { AlertingConfig, ReceiverConfig, SecretKeyRef } from "../../config/alerting";
import { COINSTACK_ALERTS, INHIBITED_BY_COINSTACK_DOWN } from "../../core/alert-names";

/** Where the operator mounts `alertmanagerSpec.secrets`: one directory per Secret, one file per key. */
export const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";


const fileOf = (ref: SecretKeyRef): string => `${ALERTMANAGER_SECRETS_DIR}/${ref.name}/${ref.key}`;

function receiver(config: ReceiverConfig): Record<string, unknown> {
  const file = fileOf(config.secret);
  switch (config.type) {
    case "slack":
      return { name: config.name, slack_configs: [{ api_url_file: file, send_resolved: true, ...(config.channel ? { channel: config.channel } : {}) }] };
    case "pagerduty":
      return { name: config.name, pagerduty_configs: [{ routing_key_file: file, send_resolved: true }] };
    case "opsgenie":
      return { name: config.name, opsgenie_configs: [{ api_key_file: file, send_resolved: true }] };
    case "webhook":
      return { name: config.name, webhook_configs: [{ url_file: file, send_resolved: true }] };
  }
}

/** The chart's own inhibitions (a critical alert silences the same alert's warning and info), and the coinstacks'. */
const INHIBIT_RULES = [
  { source_matchers: ["severity = critical"], target_matchers: ["severity =~ warning|info"], equal: ["namespace", "alertname"] },
  { source_matchers: ["severity = warning"], target_matchers: ["severity = info"], equal: ["namespace", "alertname"] },
  { source_matchers: ["alertname = InfoInhibitor"], target_matchers: ["severity = info"], equal: ["namespace"] },
  { target_matchers: ["alertname = InfoInhibitor"] },
  { source_matchers: [`alertname = ${COINSTACK_ALERTS.down}`], target_matchers: [`alertname =~ ${INHIBITED_BY_COINSTACK_DOWN.join("|")}`], equal: ["namespace", "asset"] },
];

export function alertmanagerConfig(alerting: AlertingConfig): Record<string, unknown> {
  const { heartbeat } = alerting;
  return {
    global: { resolve_timeout: "5m" },
    inhibit_rules: INHIBIT_RULES,
    route: {
      receiver: alerting.defaultReceiver ?? alerting.receivers[0]?.name ?? "null",
      group_by: ["alertname", "namespace", "asset"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "12h",
      routes: [
        heartbeat
          ? { receiver: "heartbeat", matchers: ['alertname = "Watchdog"'], group_wait: "0s", group_interval: heartbeat.interval, repeat_interval: heartbeat.interval }
          : { receiver: "null", matchers: ['alertname = "Watchdog"'] },
        { receiver: "null", matchers: ['alertname = "InfoInhibitor"'] },
        ...alerting.routes.map((route) => ({ receiver: route.receiver, matchers: [`severity =~ "${route.severities.join("|")}"`], continue: true })),
      ],
    },
    receivers: [
      { name: "null" },
      ...(heartbeat ? [{ name: "heartbeat", webhook_configs: [{ url_file: fileOf(heartbeat.secret), send_resolved: false }] }] : []),
      ...alerting.receivers.map(receiver),
    ],
    templates: ["/etc/alertmanager/config/*.tmpl"],
  };
}

/** The Secrets Alertmanager mounts: every one a receiver or the heartbeat reads. */
export function alertmanagerSecrets(alerting: AlertingConfig): string[] {
  return [...new Set([...alerting.receivers.map((r) => r.secret.name), ...(alerting.heartbeat ? [alerting.heartbeat.secret.name] : [])])].sort();
}
