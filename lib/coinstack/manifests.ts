/**
 * Builders for the objects emitted through `kubernetes_manifest` (custom
 * resources, and the PDB whose `unhealthyPodEvictionPolicy` the typed
 * resource lacks). They return API-shaped objects (camelCase) so tests can
 * validate them against the upstream schemas.
 */
import { withRunbook } from "../config/alerting";
import { COINSTACK_ALERTS } from "../core/alert-names";
import { platformNamespaces } from "../core/names";
import { chainAlerts } from "./chain-alerts";
import { PortRole } from "./definition";
import type { ResolvedCoinstack, ResolvedRoute } from "./resolve";

export type KubernetesObject = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> };

function metadata(coinstack: ResolvedCoinstack, name: string) {
  return { name, namespace: coinstack.names.namespace, labels: coinstack.names.labels };
}

/** Never blocks every eviction: one pod at a time, and a pod that is not Ready (syncing for days) may always go. */
export function disruptionBudget(coinstack: ResolvedCoinstack): KubernetesObject {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: metadata(coinstack, coinstack.names.disruptionBudget),
    spec: {
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: "AlwaysAllow",
      selector: { matchLabels: coinstack.names.selectorLabels },
    },
  };
}

/** One certificate per routed host, from the environment's ClusterIssuer. */
export function certificate(coinstack: ResolvedCoinstack, service: string, host: string, issuer: string): KubernetesObject {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: metadata(coinstack, `${coinstack.names.asset}-${service}`),
    spec: {
      secretName: coinstack.names.certificateSecret(service),
      dnsNames: [host],
      issuerRef: { name: issuer, kind: "ClusterIssuer", group: "cert-manager.io" },
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      duration: "2160h0m0s",
      renewBefore: "360h0m0s",
    },
  };
}

/** Strips the prefixes of the routes that ask for it; only created when one does. */
export function stripPrefixMiddleware(coinstack: ResolvedCoinstack, routes: readonly ResolvedRoute[]): KubernetesObject | undefined {
  const prefixes = [...new Set(routes.filter((r) => r.stripPrefix).map((r) => r.pathPrefix))].sort();
  if (prefixes.length === 0) return undefined;
  return {
    apiVersion: "traefik.io/v1alpha1",
    kind: "Middleware",
    metadata: metadata(coinstack, coinstack.names.middleware),
    spec: { stripPrefix: { prefixes } },
  };
}

/** HTTPS only (websecure), one route per opted-in port, longest prefix first. */
export function ingressRoute(coinstack: ResolvedCoinstack, service: string, routes: readonly ResolvedRoute[]): KubernetesObject {
  const sorted = [...routes].sort((a, b) => b.pathPrefix.length - a.pathPrefix.length || a.port.name.localeCompare(b.port.name));
  return {
    apiVersion: "traefik.io/v1alpha1",
    kind: "IngressRoute",
    metadata: metadata(coinstack, `${coinstack.names.asset}-${service}`),
    spec: {
      entryPoints: ["websecure"],
      routes: sorted.map((route) => ({
        kind: "Rule",
        match: route.pathPrefix === "/" ? `Host(\`${route.host}\`)` : `Host(\`${route.host}\`) && PathPrefix(\`${route.pathPrefix}\`)`,
        services: [{ name: coinstack.names.clientService, port: route.port.port }],
        ...(route.stripPrefix ? { middlewares: [{ name: coinstack.names.middleware }] } : {}),
      })),
      tls: { secretName: coinstack.names.certificateSecret(service) },
    },
  };
}

/** Scrapes every metrics port of every pod. */
export function podMonitor(coinstack: ResolvedCoinstack): KubernetesObject | undefined {
  const ports = coinstack.ports.filter((p) => p.role === PortRole.METRICS);
  if (ports.length === 0) return undefined;
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: metadata(coinstack, coinstack.names.asset),
    spec: {
      selector: { matchLabels: coinstack.names.selectorLabels },
      podMetricsEndpoints: ports.map((p) => ({ port: p.name, path: p.metrics?.path ?? "/metrics", interval: "30s" })),
    },
  };
}

/** Alerts: coinstack down, a pod not ready for too long, a restart storm, a data volume filling up. */
export function alertRules(coinstack: ResolvedCoinstack): KubernetesObject {
  const { names } = coinstack;
  const ns = `namespace="${names.namespace}"`;
  const labels = { asset: names.asset, namespace: names.namespace };
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: metadata(coinstack, names.asset),
    spec: {
      groups: [
        {
          name: `${names.asset}.rules`,
          rules: withRunbook([
            {
              alert: COINSTACK_ALERTS.down,
              expr: `kube_statefulset_status_replicas_available{${ns},statefulset="${names.statefulSet}"} == 0`,
              for: "15m",
              labels: { severity: "critical", ...labels },
              annotations: { summary: `${names.asset}: no replica of ${names.statefulSet} is available` },
            },
            {
              alert: COINSTACK_ALERTS.notReady,
              expr: `max by (pod) (kube_pod_status_ready{${ns},condition="false",pod=~"${names.statefulSet}-[0-9]+"}) == 1`,
              for: "6h",
              labels: { severity: "warning", ...labels },
              annotations: { summary: `${names.asset}: {{ $labels.pod }} has not been ready for 6 hours (stuck sync or no peers?)` },
            },
            {
              alert: COINSTACK_ALERTS.restartStorm,
              expr: `increase(kube_pod_container_status_restarts_total{${ns},pod=~"${names.statefulSet}-[0-9]+"}[30m]) >= 3`,
              for: "5m",
              labels: { severity: "warning", ...labels },
              annotations: { summary: `${names.asset}: {{ $labels.container }} in {{ $labels.pod }} restarted 3+ times in 30 minutes` },
            },
            {
              alert: "CoinstackVolumeFilling",
              expr:
                `kubelet_volume_stats_available_bytes{${ns},persistentvolumeclaim=~"data-.*-${names.statefulSet}-[0-9]+"}` +
                ` / kubelet_volume_stats_capacity_bytes{${ns},persistentvolumeclaim=~"data-.*-${names.statefulSet}-[0-9]+"} < 0.15`,
              for: "30m",
              labels: { severity: "warning", ...labels },
              annotations: { summary: `${names.asset}: {{ $labels.persistentvolumeclaim }} has less than 15% free; grow storage.size in config` },
            },
            ...volumeFillingSoon(coinstack, labels),
            ...chainAlerts(coinstack, labels),
            // Last: they come and go with config entries, so the others keep their places.
            ...maintenanceOverdue(coinstack, labels),
          ], coinstack.env.platform.monitoring.alerting),
        },
      ],
    },
  };
}

/** Days ahead the growth alert looks: time to review a size change, apply it, and let the filesystem grow. */
const FILL_HORIZON_DAYS = 3;

/**
 * One alert per service: a volume that, at its growth of the last 6 hours, is full within
 * FILL_HORIZON_DAYS, naming the config line to raise (EBS takes one modification per volume every 6 hours).
 */
function volumeFillingSoon(coinstack: ResolvedCoinstack, labels: Record<string, string>) {
  const { names } = coinstack;
  return coinstack.services.map((service) => {
    const claims = `namespace="${names.namespace}",persistentvolumeclaim=~"${names.claimPrefix(service.name)}[0-9]+"`;
    return {
      alert: "CoinstackVolumeFullSoon",
      expr: `predict_linear(kubelet_volume_stats_available_bytes{${claims}}[6h], ${FILL_HORIZON_DAYS * 24 * 3600}) < 0`,
      for: "1h",
      labels: { severity: "warning", ...labels, service: service.name },
      annotations: {
        summary: `${names.asset}: {{ $labels.persistentvolumeclaim }} fills up within ${FILL_HORIZON_DAYS} days at its growth of the last 6 hours`,
        description:
          `Raise config/${coinstack.env.name}.yaml coins.${coinstack.coin}.services.${service.name}.storage.size and deploy; ` +
          "EBS takes one modification per volume every 6 hours, so size for weeks, not days.",
      },
    };
  });
}

/** One alert per ordinal in maintenance, firing once its `until` has passed: a maintenance nobody lifted. */
function maintenanceOverdue(coinstack: ResolvedCoinstack, labels: Record<string, string>) {
  const { names } = coinstack;
  return coinstack.settings.maintenance.map((entry, index) => ({
    alert: "CoinstackMaintenanceOverdue",
    expr: `time() > ${Date.parse(entry.until) / 1000}`,
    labels: { severity: "warning", ...labels, pod: names.pod(entry.ordinal) },
    annotations: {
      summary: `${names.asset}: ${names.pod(entry.ordinal)} is still in maintenance (daemon ${entry.daemon}) past ${entry.until}: ${entry.reason}`,
      description: `Lift it by removing config/${coinstack.env.name}.yaml coins.${coinstack.coin}.maintenance[${index}], or move its until.`,
    },
  }));
}

/** Namespaces whose pods the coinstack's NetworkPolicies admit. */
export const TRUSTED_NAMESPACES = { ingress: platformNamespaces.traefik, monitoring: platformNamespaces.monitoring };
