/**
 * Where the platform's pods may run, per chart: the platform PriorityClass, and
 * no toleration of any taint (chain node pools are tainted so that Prometheus,
 * with its 100-500Gi volume, and Traefik stay off them). The one exception is
 * node-exporter, a DaemonSet that must run on every node to monitor it: it
 * tolerates exactly the taints of the cluster's node groups.
 *
 * These documents are added after each add-on's own values (HelmAddon.addValues),
 * so an add-on's values never need to repeat them.
 */
import type { PinnedChart } from "./helm-addon";
import { CHARTS } from "./charts";

export interface PlatformScheduling {
  readonly priorityClassName: string;
  /** Kubernetes tolerations of the node groups' taints (node-exporter only). */
  readonly nodeTaintTolerations: readonly { key: string; operator: "Equal" | "Exists"; value?: string; effect: string }[];
}

const none: readonly never[] = [];

/** Values for `chart`; undefined for a chart that runs no pods of its own (the local ClusterIssuers chart). */
export function platformSchedulingValues(chart: PinnedChart, scheduling: PlatformScheduling): object | undefined {
  const priorityClassName = scheduling.priorityClassName;
  switch (chart.chart) {
    case CHARTS.traefik.chart:
    case CHARTS.externalDns.chart:
      return { priorityClassName, tolerations: none };
    case CHARTS.certManager.chart:
      return {
        global: { priorityClassName },
        tolerations: none,
        webhook: { tolerations: none },
        cainjector: { tolerations: none },
        startupapicheck: { tolerations: none },
      };
    case CHARTS.kubePrometheusStack.chart:
      return {
        prometheus: { prometheusSpec: { priorityClassName, tolerations: none } },
        alertmanager: { alertmanagerSpec: { priorityClassName, tolerations: none } },
        prometheusOperator: { tolerations: none },
        grafana: { priorityClassName, tolerations: none },
        "kube-state-metrics": { priorityClassName, tolerations: none },
        "prometheus-node-exporter": { priorityClassName, tolerations: [...scheduling.nodeTaintTolerations] },
      };
    default:
      return undefined;
  }
}
