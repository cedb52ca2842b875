/**
 * Alerts on the chain metrics the clients export (each service's METRICS ports, `metrics.height`,
 * `metrics.peers`, `metrics.backendHeight`, `metrics.syncLag` and `metrics.inboundPeers` in its
 * definition, and those of a sidecar serving what the service's probes measured): a height that stops
 * moving, too few peers, an indexer behind its daemon, a daemon behind the network, and an exposed P2P
 * port nobody dials in to, per pod. The thresholds are the probes': the service's
 * LIVENESS_WINDOW_SECONDS, MIN_PEERS, INDEXER_LAG_TOLERANCE and BLOCK_TOLERANCE.
 */
import { COINSTACK_ALERTS } from "../core/alert-names";
import { syncLagQuery } from "../core/chain-queries";
import type { ChainMetric, MetricsEndpoint } from "./definition";
import type { ResolvedCoinstack, ResolvedService } from "./resolve";

/** The probes' defaults (coinstacks/lib/probe-lib.sh). */
const DEFAULT_WINDOW_SECONDS = 3600;
const DEFAULT_MIN_PEERS = 1;
/** coinstacks/blockbook/readiness.sh's default. */
const DEFAULT_INDEXER_LAG_TOLERANCE = 2;
/** The most lenient family default of the daemons' readiness (coinstacks/evm/daemon/readiness.sh). */
const DEFAULT_BLOCK_TOLERANCE = 5;
/** How long an exposed P2P port may see no inbound peer: public nodes get dialled within minutes. */
const UNREACHABLE_FOR = "2h";


function selector(metric: ChainMetric, coinstack: ResolvedCoinstack): string {
  const { names } = coinstack;
  const matchers = [metric.matchers, `namespace="${names.namespace}"`, `pod=~"${names.statefulSet}-[0-9]+"`].filter(Boolean);
  return `${metric.name}{${matchers.join(",")}}`;
}

function integerEnv(service: ResolvedService, name: string, fallback: number): number {
  const value = Number(service.env[name]);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/**
 * No peer dialled in for UNREACHABLE_FOR, from an inbound peer gauge or an inbound connection counter;
 * none without exposure, where nobody outside the cluster can dial in.
 */
function unreachableExpr(metrics: MetricsEndpoint, coinstack: ResolvedCoinstack): string | undefined {
  if (coinstack.settings.p2p.exposure === "none") return undefined;
  if (metrics.inboundPeers) return `sum by (namespace, pod) (${selector(metrics.inboundPeers, coinstack)}) == 0`;
  if (metrics.inboundConnections) return `sum by (namespace, pod) (increase(${selector(metrics.inboundConnections, coinstack)}[${UNREACHABLE_FOR}])) == 0`;
  return undefined;
}

/** The metrics endpoints whose series are the service's: its own ports', and a sidecar's that serves what its probes measured. */
function endpointsOf(coinstack: ResolvedCoinstack, service: ResolvedService): MetricsEndpoint[] {
  const own = service.ports.flatMap((port) => (port.metrics && port.metrics.of === undefined ? [port.metrics] : []));
  const measured = coinstack.sidecars.flatMap((sidecar) => sidecar.ports.flatMap((port) => (port.metrics?.of === service.name ? [port.metrics] : [])));
  return [...own, ...measured];
}

interface AlertContext {
  readonly coinstack: ResolvedCoinstack;
  readonly service: ResolvedService;
  readonly labels: Record<string, string>;
}

type Rule = { alert: string; expr: string; for: string; labels: Record<string, string>; annotations: { summary: string } };

/** The alerts one endpoint's series support, with the service's probe thresholds. */
function endpointAlerts(metrics: MetricsEndpoint, { coinstack, service, labels }: AlertContext): Rule[] {
  const asset = coinstack.names.asset;
  const of = (metric: ChainMetric) => selector(metric, coinstack);
  // 0 turns the probes' stall check off (a private chain that makes blocks on demand); the alert follows.
  const window = integerEnv(service, "LIVENESS_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS);
  const minPeers = integerEnv(service, "MIN_PEERS", DEFAULT_MIN_PEERS);
  const indexerLag = integerEnv(service, "INDEXER_LAG_TOLERANCE", DEFAULT_INDEXER_LAG_TOLERANCE);
  const blockTolerance = integerEnv(service, "BLOCK_TOLERANCE", DEFAULT_BLOCK_TOLERANCE);
  const unreachable = unreachableExpr(metrics, coinstack);
  const lag = syncLagQuery(metrics, of);
  const rule = (alert: string, expr: string, duration: string, summary: string): Rule => ({ alert, expr, for: duration, labels, annotations: { summary: `${asset}: ${summary}` } });
  const pod = `{{ $labels.pod }}'s ${service.name}`;
  return [
    ...(metrics.height && window > 0
      ? [rule(COINSTACK_ALERTS.heightStalled, `changes(${of(metrics.height)}[${window}s]) == 0`, "15m", `${pod} has not moved its height for ${window / 60} minutes (${metrics.height.name})`)]
      : []),
    ...(metrics.peers && minPeers > 0
      ? [rule(COINSTACK_ALERTS.peersLow, `${of(metrics.peers)} < ${minPeers}`, "30m", `${pod} has had fewer than ${minPeers} peer(s) for 30 minutes (${metrics.peers.name})`)]
      : []),
    ...(metrics.height && metrics.backendHeight
      ? // Both series come from the same target, so they match on their labels (the names aside).
        [rule(COINSTACK_ALERTS.indexerBehind, `${of(metrics.backendHeight)} - ${of(metrics.height)} > ${indexerLag}`, "30m", `${pod} has been more than ${indexerLag} block(s) behind its daemon for 30 minutes ({{ $value }} now)`)]
      : []),
    ...(lag ? [rule(COINSTACK_ALERTS.syncLag, `${lag} > ${blockTolerance}`, "30m", `${pod} has been more than ${blockTolerance} block(s) behind the network for 30 minutes ({{ $value }} now)`)] : []),
    ...(unreachable
      ? [rule(COINSTACK_ALERTS.p2pUnreachable, unreachable, UNREACHABLE_FOR, `no peer has dialled in to ${pod} for ${UNREACHABLE_FOR}: its P2P port (${coinstack.settings.p2p.exposure}) is not reachable from outside`)]
      : []),
  ];
}

export function chainAlerts(coinstack: ResolvedCoinstack, labels: Record<string, string>): Rule[] {
  return coinstack.services.flatMap((service) => {
    const context = { coinstack, service, labels: { severity: "warning", ...labels, service: service.name } };
    return endpointsOf(coinstack, service).flatMap((metrics) => endpointAlerts(metrics, context));
  });
}
