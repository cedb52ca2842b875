/** What a coin definition declares about a METRICS port: the series the coinstack's alerts and dashboards read. */

/**
 * The Prometheus endpoint of a client (read from the client's source at the pinned version): its path,
 * and the series of it the coinstack's alerts read. Prometheus scrapes it through the coinstack's
 * PodMonitor; the alerts may read only metrics some scraped endpoint declares here.
 */
export interface MetricsEndpoint {
  /** @default "/metrics" */
  readonly path?: string;
  /** The client's best block (or slot) height, one series per pod. */
  readonly height?: ChainMetric;
  /** The client's connected peers. */
  readonly peers?: ChainMetric;
  /**
   * An indexer's view of its backend's (the daemon's) best height: with `height`, how far the indexer
   * is behind its daemon; for a daemon that exports no metrics of its own (bitcoind), its height.
   */
  readonly backendHeight?: ChainMetric;
  /**
   * Peers connected that dialled in (a gauge, summed per pod): none for hours while the P2P port is
   * exposed means nobody can reach it.
   */
  readonly inboundPeers?: ChainMetric;
  /** The same told by a counter of the connections peers opened to the client, for clients without the gauge. */
  readonly inboundConnections?: ChainMetric;
  /**
   * Blocks the client is behind what it is measured against (the reference endpoints' quorum, or
   * the headers its peers announced), as its readiness probe measures it: the probe fails above the
   * service's BLOCK_TOLERANCE, and so does the alert, before the pod has been unready for hours.
   */
  readonly syncLag?: ChainMetric;
  /**
   * The height the client syncs towards, as the client itself sees it (polkadot's best block seen
   * from peers, Lighthouse's wall-clock slot): with `height`, how far it is behind the network,
   * alerted above the service's BLOCK_TOLERANCE as `syncLag` is.
   */
  readonly syncTarget?: ChainMetric;
  /**
   * The service whose probes write these series when another container serves them (the pod's
   * probe-metrics exporter): its thresholds (MIN_PEERS, BLOCK_TOLERANCE, LIVENESS_WINDOW_SECONDS)
   * apply to their alerts. @default the port's own service
   */
  readonly of?: string;
}

export interface ChainMetric {
  readonly name: string;
  /** Label matchers that pick the series, e.g. `status="best"`. @default none */
  readonly matchers?: string;
}
