/**
 * Alerts on the chain metrics the clients export (each service's METRICS ports, `metrics.height`,
 * `metrics.peers`, `metrics.backendHeight` and `metrics.inboundPeers` in its definition): a height that
 * stops moving, too few peers, an indexer behind its daemon, and an exposed P2P port nobody dials in
 * to, per pod. The thresholds are the probes': the service's LIVENESS_WINDOW_SECONDS, MIN_PEERS and
 * INDEXER_LAG_TOLERANCE.
 */
import { COINSTACK_ALERTS } from "../core/alert-names";
import type { ChainMetric, MetricsEndpoint } from "./definition";
import type { ResolvedCoinstack, ResolvedService } from "./resolve";

/** The probes' defaults (coinstacks/lib/probe-lib.sh). */
const DEFAULT_WINDOW_SECONDS = 3600;
const DEFAULT_MIN_PEERS = 1;
/** coinstacks/blockbook/readiness.sh's default. */
const DEFAULT_INDEXER_LAG_TOLERANCE = 2;
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
function unreachableExpr(metrics: MetricsEndpoint | undefined, coinstack: ResolvedCoinstack): string | undefined {
  if (coinstack.settings.p2p.exposure === "none") return undefined;
  if (metrics?.inboundPeers) return `sum by (namespace, pod) (${selector(metrics.inboundPeers, coinstack)}) == 0`;
  if (metrics?.inboundConnections) return `sum by (namespace, pod) (increase(${selector(metrics.inboundConnections, coinstack)}[${UNREACHABLE_FOR}])) == 0`;
  return undefined;
}

export function chainAlerts(coinstack: ResolvedCoinstack, labels: Record<string, string>) {
  const { names } = coinstack;
  return coinstack.services.flatMap((service) => {
    // 0 turns the probes' stall check off (a private chain that makes blocks on demand); the alert follows.
    const window = integerEnv(service, "LIVENESS_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS);
    const minPeers = integerEnv(service, "MIN_PEERS", DEFAULT_MIN_PEERS);
    const lagTolerance = integerEnv(service, "INDEXER_LAG_TOLERANCE", DEFAULT_INDEXER_LAG_TOLERANCE);
    const own = { severity: "warning", ...labels, service: service.name };
    return service.ports.flatMap((port) => {
      const unreachable = unreachableExpr(port.metrics, coinstack);
      return [
        ...(port.metrics?.height && window > 0
          ? [{
              alert: COINSTACK_ALERTS.heightStalled,
              expr: `changes(${selector(port.metrics.height, coinstack)}[${window}s]) == 0`,
              for: "15m",
              labels: own,
              annotations: { summary: `${names.asset}: {{ $labels.pod }}'s ${service.name} has not moved its height for ${window / 60} minutes (${port.metrics.height.name})` },
            }]
          : []),
        ...(port.metrics?.peers && minPeers > 0
          ? [{
              alert: COINSTACK_ALERTS.peersLow,
              expr: `${selector(port.metrics.peers, coinstack)} < ${minPeers}`,
              for: "30m",
              labels: own,
              annotations: { summary: `${names.asset}: {{ $labels.pod }}'s ${service.name} has had fewer than ${minPeers} peer(s) for 30 minutes (${port.metrics.peers.name})` },
            }]
          : []),
        ...(port.metrics?.height && port.metrics.backendHeight
          ? [{
              alert: COINSTACK_ALERTS.indexerBehind,
              // Both series come from the same target, so they match on their labels (the names aside).
              expr: `${selector(port.metrics.backendHeight, coinstack)} - ${selector(port.metrics.height, coinstack)} > ${lagTolerance}`,
              for: "30m",
              labels: own,
              annotations: { summary: `${names.asset}: {{ $labels.pod }}'s ${service.name} has been more than ${lagTolerance} block(s) behind its daemon for 30 minutes ({{ $value }} now)` },
            }]
          : []),
        ...(unreachable
          ? [{
              alert: COINSTACK_ALERTS.p2pUnreachable,
              expr: unreachable,
              for: UNREACHABLE_FOR,
              labels: own,
              annotations: { summary: `${names.asset}: no peer has dialled in to {{ $labels.pod }}'s ${service.name} for ${UNREACHABLE_FOR}: its P2P port (${coinstack.settings.p2p.exposure}) is not reachable from outside` },
            }]
          : []),
      ];
    });
  });
}
