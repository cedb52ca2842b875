import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { dependable, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { EphemeralPassword, writeOnlyRevision } from "../../core/ephemeral-password";
import { CREDENTIALS_REVISION_ANNOTATION, platformLabels, platformNamespaces } from "../../core/names";
import { CHARTS } from "../charts";
import { HelmAddon, PodSecurityLevel } from "../helm-addon";
import { type AlertingConfig, withRunbook } from "../../config/alerting";
import { alertmanagerConfig, alertmanagerSecrets } from "./alertmanager-config";

export const GRAFANA_ADMIN_SECRET = "grafana-admin";

export interface MonitoringProps {
  /** @default "30d" */
  readonly retention?: string;
  /** @default 200 */
  readonly storageGiB?: number;
  /** StorageClass of Prometheus' volume. @default the cluster default */
  readonly storageClassName?: string;
  /**
   * Grafana admin password rotation count (`platform.monitoring.adminRotation`): raising it writes a
   * fresh password and restarts Grafana. @default 0
   */
  readonly adminRotation?: number;
  /** Alert routing (`platform.monitoring.alerting`). @default none: every alert to the `null` receiver */
  readonly alerting?: AlertingConfig;
  /** The environment's name, on every alert (Prometheus' external label `environment`). */
  readonly environment?: string;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The metrics the project's own alerts read from the targets kube-prometheus-stack scrapes:
 * kube-state-metrics, the kubelet's volume stats, and cert-manager's ServiceMonitor. (The coinstacks'
 * chain metrics are declared by their METRICS ports, lib/coinstack/definition.ts.) A test holds every
 * alert rule to these and the declared ones.
 */
export const PLATFORM_SCRAPED_METRICS = [
  "kube_statefulset_status_replicas_available",
  "kube_pod_status_ready",
  "kube_pod_container_status_restarts_total",
  "kubelet_volume_stats_available_bytes",
  "kubelet_volume_stats_capacity_bytes",
  "certmanager_certificate_expiration_timestamp_seconds",
  "certmanager_certificate_ready_status",
] as const;

/** Days before a certificate's expiry that CertificateExpiringSoon fires: cert-manager renews at two thirds of a 90-day life (30 days left). */
export const CERTIFICATE_WARNING_DAYS = 21;

/** The platform's own alerts on cert-manager's metrics: a certificate that does not renew, or is not ready. */
const CERTIFICATE_RULES = {
  name: "certificates",
  rules: [
    {
      alert: "CertificateExpiringSoon",
      expr: `certmanager_certificate_expiration_timestamp_seconds - time() < ${CERTIFICATE_WARNING_DAYS} * 24 * 3600`,
      for: "1h",
      labels: { severity: "warning" },
      annotations: { summary: `{{ $labels.namespace }}/{{ $labels.name }} expires within ${CERTIFICATE_WARNING_DAYS} days: cert-manager did not renew it (kubectl describe certificate)` },
    },
    {
      alert: "CertificateNotReady",
      expr: 'certmanager_certificate_ready_status{condition="False"} == 1',
      for: "30m",
      labels: { severity: "warning" },
      annotations: { summary: "{{ $labels.namespace }}/{{ $labels.name }} has not been ready for 30 minutes (kubectl describe certificate, then its CertificateRequest and Order)" },
    },
  ],
};

/** Chart values: scrape every ServiceMonitor/PodMonitor/PrometheusRule, not only the chart's own. */
export function monitoringValues(props: MonitoringProps): object {
  return {
    // EKS runs these control-plane parts; they cannot be scraped.
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    prometheus: {
      prometheusSpec: {
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        retention: props.retention ?? "30d",
        ...(props.environment ? { externalLabels: { environment: props.environment } } : {}),
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              ...(props.storageClassName ? { storageClassName: props.storageClassName } : {}),
              accessModes: ["ReadWriteOnce"],
              resources: { requests: { storage: `${props.storageGiB ?? 200}Gi` } },
            },
          },
        },
      },
    },
    ...(props.alerting
      ? { alertmanager: { config: alertmanagerConfig(props.alerting), alertmanagerSpec: { secrets: alertmanagerSecrets(props.alerting) } } }
      : {}),
    grafana: {
      admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
      // Grafana reads the password at start only: a rotation changes this and restarts it with the new one.
      podAnnotations: { [CREDENTIALS_REVISION_ANNOTATION]: String(writeOnlyRevision(props.adminRotation ?? 0)) },
    },
    additionalPrometheusRulesMap: { "coinstacks-platform": { groups: [{ ...CERTIFICATE_RULES, rules: withRunbook(CERTIFICATE_RULES.rules, props.alerting) }] } },
    // Alerts and dashboards group by these labels.
    "kube-state-metrics": {
      metricLabelsAllowlist: ["pods=[app,asset,tier]", "statefulsets=[app,asset,tier]", "persistentvolumeclaims=[app,asset,tier]"],
    },
  };
}

/**
 * kube-prometheus-stack: Prometheus, Alertmanager, Grafana and the
 * prometheus-operator CRDs coinstacks' ServiceMonitors and rules need.
 * Grafana's admin password is generated ephemerally and written through the Secret's write-only
 * `data_wo`: it is in neither the synthesized JSON, the plan nor the state.
 */
export class Monitoring extends Construct {
  readonly addon: HelmAddon;

  constructor(scope: Construct, id: string, props: MonitoringProps = {}) {
    super(scope, id);
    const password = new EphemeralPassword(this, "grafana-password", { length: 32 });
    this.addon = new HelmAddon(this, "helm", {
      releaseName: "kube-prometheus-stack",
      namespace: platformNamespaces.monitoring,
      chart: CHARTS.kubePrometheusStack,
      values: monitoringValues(props),
      // node-exporter needs the host's network and PID namespace.
      podSecurity: PodSecurityLevel.PRIVILEGED,
      dependsOn: props.dependsOn,
    });
    const secret = new SecretV1(this, "grafana-admin", {
      metadata: { name: GRAFANA_ADMIN_SECRET, namespace: platformNamespaces.monitoring, labels: platformLabels("grafana") },
      dataWo: { "admin-user": "admin", "admin-password": password.result },
      dataWoRevision: writeOnlyRevision(props.adminRotation ?? 0),
      dependsOn: this.addon.namespace ? [this.addon.namespace] : [],
    });
    // `dependable` renders the bare address Terraform requires in depends_on; a resource's `fqn` renders as "${…}".
    this.addon.release.dependsOn = [...(this.addon.release.dependsOn ?? []), dependable(secret)];
  }
}
