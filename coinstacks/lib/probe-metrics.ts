/**
 * What a probe measured, for daemons that serve no metrics of their own (bitcoind and its forks) and
 * for what no client measures (geth's lag behind the reference endpoints). The service's readiness
 * script writes the series it measured (probe_metric in probe-lib.sh) to
 * /tmp/probe-<service>.prom on the pod's shared /tmp; a node-exporter sidecar serves that directory
 * with its textfile collector only, and the coinstack's PodMonitor scrapes it like any metrics port.
 */
import { type ChainMetric, type MetricsEndpoint, PortRole, type SidecarDefinition } from "../../lib/coinstack/definition";

/**
 * node-exporter 1.9.1 (digest of its multi-arch index on Docker Hub, as quay.io/prometheus serves it
 * too). Its flags, read in prometheus/node_exporter at v1.9.1: --collector.disable-defaults,
 * --collector.textfile, --collector.textfile.directory (non-.prom files ignored),
 * --web.disable-exporter-metrics, --web.listen-address.
 */
export const PROBE_METRICS_IMAGE = "prom/node-exporter:v1.9.1@sha256:d00a542e409ee618a4edc67da14dd48c5da66726bbd5537ab2af9c1dfc442c8a";
export const PROBE_METRICS_PORT = 9100;

/** The series a readiness script can write: `coinstack_probe_<name>{service="<service>"}`. */
export type ProbeSeries = "height" | "peers" | "syncLag" | "inboundPeers";

const SERIES_NAMES: Record<ProbeSeries, string> = {
  height: "coinstack_probe_height",
  peers: "coinstack_probe_peers",
  syncLag: "coinstack_probe_sync_lag_blocks",
  inboundPeers: "coinstack_probe_inbound_peers",
};

export interface ProbeMetrics {
  /** Environment of the measuring service: the label its probes write under (probe-lib.sh reads it). */
  readonly env: { readonly PROBE_METRICS_SERVICE: string };
  readonly sidecar: SidecarDefinition;
}

/** The exporter of what `service`'s readiness probe measures, and the environment that turns the writing on. */
export function probeMetrics(service: string, series: readonly ProbeSeries[]): ProbeMetrics {
  const metric = (name: ProbeSeries): ChainMetric => ({ name: SERIES_NAMES[name], matchers: `service="${service}"` });
  const endpoint: MetricsEndpoint = { of: service, ...Object.fromEntries(series.map((name) => [name, metric(name)])) };
  return {
    env: { PROBE_METRICS_SERVICE: service },
    sidecar: {
      name: "probe-metrics",
      image: PROBE_METRICS_IMAGE,
      args: [
        "--collector.disable-defaults",
        "--collector.textfile",
        "--collector.textfile.directory=/tmp",
        "--web.disable-exporter-metrics",
        `--web.listen-address=:${PROBE_METRICS_PORT}`,
      ],
      ports: [{ name: "probe-metrics", port: PROBE_METRICS_PORT, role: PortRole.METRICS, metrics: endpoint }],
      resources: { requests: { cpu: "10m", memory: "24Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
    },
  };
}
