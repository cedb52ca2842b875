/**
 * Every Helm chart the platform installs, pinned to one exact version.
 * Upgrading a chart is a one-line change here, reviewed with its values.
 */
import type { PinnedChart } from "./helm-addon";

export const CHARTS = {
  certManager: { repository: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.19.2" },
  traefik: { repository: "https://traefik.github.io/charts", chart: "traefik", version: "37.3.0" },
  externalDns: { repository: "https://kubernetes-sigs.github.io/external-dns/", chart: "external-dns", version: "1.19.0" },
  kubePrometheusStack: {
    repository: "https://prometheus-community.github.io/helm-charts",
    chart: "kube-prometheus-stack",
    version: "77.14.0",
  },
} as const satisfies Record<string, PinnedChart>;
