/**
 * `platform.monitoring.alerting`: where Alertmanager sends what Prometheus fires (README "Alerts and
 * dashboards"). Every credential stays in an existing Secret of the monitoring namespace that
 * Alertmanager mounts and reads as a file: none is in config, the synthesized JSON or the state.
 */
import { z } from "zod";
import { dnsLabel, matching, oneOf, reasonFor } from "./rules";

/** Names the generated configuration uses itself. */
export const RESERVED_RECEIVERS = ["null", "heartbeat"] as const;

export const SEVERITIES = ["critical", "warning", "info"] as const;

/** A key of an existing Secret in the monitoring namespace (created out of band, never by this project). */
const secretKey = z.strictObject({
  name: dnsLabel(253),
  key: matching(/^[-._a-zA-Z0-9]{1,253}$/, "a Secret key such as url"),
});

const receiverSchema = z.strictObject({
  /** How routes name it. */
  name: dnsLabel(40).refine((name) => !(RESERVED_RECEIVERS as readonly string[]).includes(name), {
    error: `expected a name other than ${RESERVED_RECEIVERS.join(" and ")} (the generated configuration uses them)`,
  }),
  /** slack: an incoming webhook URL; pagerduty: an Events API v2 routing key; opsgenie: an API key; webhook: a URL. */
  type: oneOf(["slack", "pagerduty", "opsgenie", "webhook"]),
  /** The Secret key holding that URL or key. */
  secret: secretKey,
  /** slack only: the channel (`#chain-alerts`). @default the webhook's own channel */
  channel: matching(/^[#@][\w.-]{1,80}$/, "a Slack channel such as #chain-alerts").optional(),
});

const routeSchema = z.strictObject({
  /** A receiver of `receivers`. */
  receiver: dnsLabel(40),
  /** The severities it gets; an alert goes to every route whose severities include its own. */
  severities: z.array(oneOf(SEVERITIES)).min(1, { error: "expected at least one severity" }),
});

export const alertingSchema = z.strictObject({
  /** Where notifications can go; `[]` only with `noReceiversReason`. */
  receivers: z.array(receiverSchema),
  /** Why this environment notifies nobody (a laptop cluster, say); only with `receivers: []`. */
  noReceiversReason: reasonFor("notifying nobody").optional(),
  /** Which severities go where. @default [] (everything to defaultReceiver) */
  routes: z.array(routeSchema).default([]),
  /** Gets every alert no route takes (a severity no route lists, or none). @default the first receiver */
  defaultReceiver: dnsLabel(40).optional(),
  /**
   * The README as the team reads it (`https://github.com/<org>/<repo>/blob/main/README.md`): every alert
   * then carries `runbook_url`, its section "Alerts and dashboards". @default no runbook link
   */
  runbookUrl: matching(/^https:\/\/[^\s#?]+$/, "an https URL of the README without a fragment").optional(),
  /**
   * The Watchdog alert, always firing while Prometheus and Alertmanager work, sent to an external
   * dead man's switch (healthchecks.io, Dead Man's Snitch, Opsgenie heartbeats): it notices when they
   * stop. Required in a production environment that notifies anyone.
   */
  heartbeat: z
    .strictObject({
      /** The Secret key holding the switch's webhook URL. */
      secret: secretKey,
      /** How often Watchdog is sent again. @default 1m */
      interval: matching(/^\d+[sm]$/, "a duration such as 1m").default("1m"),
    })
    .optional(),
});

export type AlertingConfig = z.output<typeof alertingSchema>;
export type SecretKeyRef = z.output<typeof secretKey>;
export type ReceiverConfig = AlertingConfig["receivers"][number];

/** The README section every alert's runbook link points at. */
export const ALERTS_SECTION = "alerts-and-dashboards";

/** Adds `runbook_url` to each rule's annotations when the environment names its README. */
export function withRunbook<T extends { annotations?: Record<string, string> }>(rules: readonly T[], alerting: AlertingConfig | undefined): T[] {
  const url = alerting?.runbookUrl;
  return url ? rules.map((rule) => ({ ...rule, annotations: { ...rule.annotations, runbook_url: `${url}#${ALERTS_SECTION}` } })) : [...rules];
}
