/**
 * Grafana dashboards, provisioned from the repository: ConfigMaps in the monitoring namespace labelled
 * for the chart's dashboard sidecar (grafana.sidecar.dashboards: label grafana_dashboard "1", every
 * namespace), each panel a query of the Prometheus datasource the chart provisions (uid prometheus).
 * The fleet overview shows every coinstack; a dashboard per family (utxo, evm, substrate) shows its
 * coins, and the height and peers of each of its clients that exports them (the coin definitions'
 * METRICS ports, handed in by the stack).
 */
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { syncLagQuery } from "../../core/chain-queries";
import { platformLabels, platformNamespaces } from "../../core/names";
import { terraformTextDeep } from "../../core/terraform-text";

/** One client's series: the name of the port that serves them (daemon-metrics…) and its height and peer metrics. */
export interface ClientSeries {
  readonly client: string;
  readonly height?: { readonly name: string; readonly matchers?: string };
  readonly peers?: { readonly name: string; readonly matchers?: string };
  /** An indexer's view of its daemon's height (its daemon's height where the daemon exports none). */
  readonly backendHeight?: { readonly name: string; readonly matchers?: string };
  /** Peers connected that dialled in (a gauge). */
  readonly inboundPeers?: { readonly name: string; readonly matchers?: string };
  /** Connections peers opened to the client (a counter). */
  readonly inboundConnections?: { readonly name: string; readonly matchers?: string };
  /** Blocks behind the network, as the readiness probe measures it. */
  readonly syncLag?: { readonly name: string; readonly matchers?: string };
  /** The height the client syncs towards: with `height`, how far behind the network it is. */
  readonly syncTarget?: { readonly name: string; readonly matchers?: string };
}

const DATASOURCE = { type: "prometheus", uid: "prometheus" } as const;
const COINSTACKS = 'namespace=~"coin-.*"';
const LEGEND = "{{namespace}}/{{pod}}";

interface Query {
  readonly expr: string;
  readonly legend?: string;
}

function panel(id: number, title: string, queries: readonly Query[], unit = "short") {
  return {
    id,
    title,
    type: "timeseries",
    datasource: DATASOURCE,
    gridPos: { h: 8, w: 12, x: ((id - 1) % 2) * 12, y: Math.floor((id - 1) / 2) * 8 },
    fieldConfig: { defaults: { unit }, overrides: [] },
    targets: queries.map((query, index) => ({ refId: String.fromCharCode(65 + index), datasource: DATASOURCE, expr: query.expr, legendFormat: query.legend ?? LEGEND })),
  };
}

function dashboard(uid: string, title: string, panels: ReturnType<typeof panel>[]) {
  return { uid, title, tags: ["coinstacks"], timezone: "utc", schemaVersion: 39, refresh: "1m", time: { from: "now-24h", to: "now" }, panels };
}

/** A client's series in the namespaces `namespaces` selects. */
const selector = (metric: { name: string; matchers?: string }, namespaces = COINSTACKS): string => `${metric.name}{${[metric.matchers, namespaces].filter(Boolean).join(",")}}`;

/** Replicas, readiness, restarts and free disk of the coinstacks whose namespaces `namespaces` selects. */
function podPanels(namespaces: string): ReturnType<typeof panel>[] {
  return [
    panel(1, "Replicas available (CoinstackDown at 0)", [{ expr: `kube_statefulset_status_replicas_available{${namespaces}}`, legend: "{{namespace}}/{{statefulset}}" }]),
    panel(2, "Pods not ready (CoinstackNotReady after 6 h)", [{ expr: `kube_pod_status_ready{${namespaces},condition="false"}` }]),
    panel(3, "Container restarts in 30 min (CoinstackRestartStorm at 3)", [{ expr: `increase(kube_pod_container_status_restarts_total{${namespaces}}[30m])`, legend: "{{namespace}}/{{pod}} {{container}}" }]),
    panel(4, "Free disk (CoinstackVolumeFilling under 15 %)", [{ expr: `kubelet_volume_stats_available_bytes{${namespaces}} / kubelet_volume_stats_capacity_bytes{${namespaces}}`, legend: "{{namespace}}/{{persistentvolumeclaim}}" }], "percentunit"),
  ];
}

/** How far behind the network a client is, in the namespaces `namespaces` selects (as the coinstacks' CoinstackSyncLag reads it). */
function syncLag(c: ClientSeries, namespaces = COINSTACKS): string | undefined {
  return syncLagQuery(c, (metric) => selector(metric, namespaces));
}

/** Each query once: a client of several families (blockbook, the probe-metrics exporter) serves the same series in each. */
function once(queries: readonly Query[]): Query[] {
  return queries.filter((query, index) => queries.findIndex((q) => q.expr === query.expr) === index);
}

/** Every coinstack at a glance: the pod panels, heights, peers and lags of every client, and the certificates' remaining life. */
export function fleetDashboard(clients: readonly ClientSeries[]) {
  const heights = once(clients.flatMap((c) => (c.height ? [{ expr: selector(c.height), legend: `${LEGEND} ${c.client}` }] : [])));
  const peers = once(clients.flatMap((c) => (c.peers ? [{ expr: selector(c.peers), legend: `${LEGEND} ${c.client}` }] : [])));
  const inbound = once(clients.flatMap((c) => [
    ...(c.inboundPeers ? [{ expr: `sum by (namespace, pod) (${selector(c.inboundPeers)})`, legend: `${LEGEND} ${c.client}` }] : []),
    ...(c.inboundConnections ? [{ expr: `sum by (namespace, pod) (increase(${selector(c.inboundConnections)}[1h]))`, legend: `${LEGEND} ${c.client} (in the last hour)` }] : []),
  ]));
  const lags = once(clients.flatMap((c) => (c.height && c.backendHeight ? [{ expr: `${selector(c.backendHeight)} - ${selector(c.height)}`, legend: `${LEGEND} ${c.client}` }] : [])));
  const behind = once(clients.flatMap((c) => {
    const expr = syncLag(c);
    return expr ? [{ expr, legend: c.syncLag ? `${LEGEND} {{service}}` : `${LEGEND} ${c.client}` }] : [];
  }));
  return dashboard("coinstacks-fleet", "Coinstacks: fleet", [
    ...podPanels(COINSTACKS),
    panel(5, "Height (CoinstackHeightStalled)", heights),
    panel(6, "Peers (CoinstackPeersLow)", peers),
    panel(7, "Certificates: days left (CertificateExpiringSoon under 21)", [{ expr: "(certmanager_certificate_expiration_timestamp_seconds - time()) / 86400", legend: "{{namespace}}/{{name}}" }], "d"),
    panel(8, "Indexer blocks behind its daemon (CoinstackIndexerBehind)", lags),
    panel(9, "Inbound peers, or connections in the last hour (CoinstackP2PUnreachable at 0)", inbound),
    panel(10, "Blocks behind the network (CoinstackSyncLag)", behind),
  ]);
}

/** One family's coins (their namespaces `coin-<coin>[-<network>]`): the pod panels, then each of its clients' height and peers. */
export function familyDashboard(family: FamilySeries) {
  const namespaces = `namespace=~"coin-(${family.coins.join("|")})(-[a-z0-9-]+)?"`;
  const clientPanels = family.clients.flatMap((c) => [
    ...(c.height ? [{ title: `${c.client}: height`, expr: selector(c.height, namespaces) }] : []),
    ...(c.peers ? [{ title: `${c.client}: peers`, expr: selector(c.peers, namespaces) }] : []),
    ...(c.backendHeight ? [{ title: `${c.client}: its daemon's height`, expr: selector(c.backendHeight, namespaces) }] : []),
    ...(syncLag(c, namespaces) ? [{ title: `${c.client}: blocks behind the network`, expr: syncLag(c, namespaces)! }] : []),
  ]);
  return dashboard(`coinstacks-${family.family}`, `Coinstacks: ${family.family}`, [
    ...podPanels(namespaces),
    ...clientPanels.map((p, index) => panel(index + 5, p.title, [{ expr: p.expr }])),
  ]);
}

/** A family of coins (utxo, evm, substrate) and the clients of it that export a height or peers. */
export interface FamilySeries {
  readonly family: string;
  readonly coins: readonly string[];
  readonly clients: readonly ClientSeries[];
}

export interface DashboardsProps {
  readonly families: readonly FamilySeries[];
  /** The monitoring namespace must exist first. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

export class Dashboards extends Construct {
  readonly configMaps: ConfigMapV1[];

  constructor(scope: Construct, id: string, props: DashboardsProps) {
    super(scope, id);
    const clients = props.families.flatMap((family) => family.clients);
    this.configMaps = [fleetDashboard(clients), ...props.families.map(familyDashboard)].map(
      (board) =>
        new ConfigMapV1(this, board.uid, {
          metadata: { name: board.uid, namespace: platformNamespaces.monitoring, labels: { ...platformLabels("grafana-dashboards"), grafana_dashboard: "1" } },
          // Legends and queries hold {{…}}, and Terraform must hand them on byte for byte.
          data: terraformTextDeep({ [`${board.uid}.json`]: JSON.stringify(board) }),
          dependsOn: props.dependsOn,
        }),
    );
  }
}
