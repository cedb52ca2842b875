import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { alertRules, podMonitor } from "../../lib/coinstack/manifests";
import { chainAlerts } from "../../lib/coinstack/chain-alerts";
import { coinStack, manifestsOfKind, resolvedCoinstack } from "../helpers/coinstack";

const ofKind = (kind: string) => ({ manifest: expect.objectContaining({ kind }) });

describe("monitoring of a coinstack", () => {
  const synthesized = Testing.synth(coinStack("bitcoin"));
  const [rule] = manifestsOfKind(JSON.parse(synthesized), "PrometheusRule");

  it("alerts on down, not ready too long, restart storms, filling volumes and volumes that fill soon (one alert per service), on the daemon's probe metrics and on the indexer's height", () => {
    expect(rule.spec.groups[0].rules.map((r: any) => r.alert)).toEqual([
      "CoinstackDown",
      "CoinstackNotReady",
      "CoinstackRestartStorm",
      "CoinstackVolumeFilling",
      "CoinstackVolumeFullSoon",
      "CoinstackVolumeFullSoon",
      "CoinstackHeightStalled",
      "CoinstackPeersLow",
      "CoinstackSyncLag",
      "CoinstackHeightStalled",
      "CoinstackIndexerBehind",
    ]);
  });
  it("scopes every alert to the coin's namespace", () => {
    for (const r of rule.spec.groups[0].rules) expect(r.expr).toContain('namespace="coin-bitcoin"');
  });
  it("is not emitted when the environment has no monitoring", () => {
    expect(Testing.synth(coinStack("bitcoin", { env: "local" }))).not.toHaveResourceWithProperties(Manifest, ofKind("PrometheusRule"));
  });
  it("scrapes metrics ports with a PodMonitor when the coinstack has one", () => {
    const coinstack = { ports: [{ name: "metrics", port: 9615, role: "metrics", protocol: "TCP", service: "daemon" }], names: { selectorLabels: {}, namespace: "n", labels: {}, asset: "a" }, settings: { maintenance: [] }, services: [], env: { platform: { monitoring: {} } } } as any;
    expect(podMonitor(coinstack)?.spec.podMetricsEndpoints).toEqual([{ port: "metrics", path: "/metrics", interval: "30s" }]);
    expect(alertRules(coinstack).kind).toBe("PrometheusRule");
  });
  it("scrapes each client's metrics at its own path (geth's is not /metrics)", () => {
    const [monitor] = manifestsOfKind(JSON.parse(Testing.synth(coinStack("ethereum"))), "PodMonitor");
    expect(monitor.spec.podMetricsEndpoints).toEqual([
      { port: "daemon-metrics", path: "/debug/metrics/prometheus", interval: "30s" },
      { port: "beacon-metrics", path: "/metrics", interval: "30s" },
      { port: "indexer-metrics", path: "/metrics", interval: "30s" },
      { port: "probe-metrics", path: "/metrics", interval: "30s" },
    ]);
  });
  it("alerts per client on a height that stops moving for the probes' liveness window, and on fewer peers than MIN_PEERS", () => {
    const [ethereumRules] = manifestsOfKind(JSON.parse(Testing.synth(coinStack("ethereum"))), "PrometheusRule");
    const chain = ethereumRules.spec.groups[0].rules.filter((r: any) => ["CoinstackHeightStalled", "CoinstackPeersLow"].includes(r.alert));
    expect(chain.map((r: any) => [r.alert, r.labels.service, r.expr])).toEqual([
      ["CoinstackHeightStalled", "daemon", 'changes(chain_head_block{namespace="coin-ethereum",pod=~"ethereum-sts-[0-9]+"}[900s]) == 0'],
      ["CoinstackPeersLow", "daemon", 'p2p_peers{namespace="coin-ethereum",pod=~"ethereum-sts-[0-9]+"} < 1'],
      ["CoinstackHeightStalled", "daemon-beacon", 'changes(beacon_head_slot{namespace="coin-ethereum",pod=~"ethereum-sts-[0-9]+"}[900s]) == 0'],
      ["CoinstackPeersLow", "daemon-beacon", 'libp2p_peers{namespace="coin-ethereum",pod=~"ethereum-sts-[0-9]+"} < 1'],
      ["CoinstackHeightStalled", "indexer", 'changes(blockbook_best_height{namespace="coin-ethereum",pod=~"ethereum-sts-[0-9]+"}[900s]) == 0'],
    ]);
  });
  it("alerts when nobody dials in to an exposed P2P port for 2 hours (polkadot in prod: a LoadBalancer per pod)", () => {
    const [rules] = manifestsOfKind(JSON.parse(Testing.synth(coinStack("polkadot", { env: "prod" }))), "PrometheusRule");
    const unreachable = rules.spec.groups[0].rules.filter((r: any) => r.alert === "CoinstackP2PUnreachable");
    expect(unreachable.map((r: any) => [r.labels.service, r.expr, r.for])).toEqual([
      ["daemon", 'sum by (namespace, pod) (increase(substrate_sub_libp2p_connections_opened_total{direction="in",namespace="coin-polkadot",pod=~"polkadot-sts-[0-9]+"}[2h])) == 0', "2h"],
    ]);
  });
  it("alerts when nobody dials in to an exposed bitcoind for 2 hours, from what its readiness probe measured (bitcoin in prod: a LoadBalancer per pod)", () => {
    const [rules] = manifestsOfKind(JSON.parse(Testing.synth(coinStack("bitcoin", { env: "prod" }))), "PrometheusRule");
    expect(rules.spec.groups[0].rules.filter((r: any) => r.alert === "CoinstackP2PUnreachable").map((r: any) => [r.labels.service, r.expr])).toEqual([
      ["daemon", 'sum by (namespace, pod) (coinstack_probe_inbound_peers{service="daemon",namespace="coin-bitcoin",pod=~"bitcoin-sts-[0-9]+"}) == 0'],
    ]);
  });
  it("reads an inbound peer gauge where the client has one (geth, Lighthouse), at 0", () => {
    const ethereum = resolvedCoinstack("ethereum");
    const exposed = { ...ethereum, settings: { ...ethereum.settings, p2p: { ...ethereum.settings.p2p, exposure: "NodePort" as const } } };
    expect(chainAlerts(exposed, {}).filter((r) => r.alert === "CoinstackP2PUnreachable").map((r) => r.expr)).toEqual([
      'sum by (namespace, pod) (p2p_peers_inbound{namespace="coin-ethereum",pod=~"ethereum-sts-[0-9]+"}) == 0',
      'sum by (namespace, pod) (libp2p_peers_multi{direction="inbound",namespace="coin-ethereum",pod=~"ethereum-sts-[0-9]+"}) == 0',
    ]);
  });
  it("expects no inbound peer where the P2P port is not exposed (ethereum, whose clients cannot advertise a per-pod address)", () => {
    const [ethereumRules] = manifestsOfKind(JSON.parse(Testing.synth(coinStack("ethereum"))), "PrometheusRule");
    expect(ethereumRules.spec.groups[0].rules.filter((r: any) => r.alert === "CoinstackP2PUnreachable")).toEqual([]);
  });
  it("scrapes bitcoin's indexer, and the probe-metrics sidecar for the daemon (bitcoind exports none)", () => {
    const [monitor] = manifestsOfKind(JSON.parse(synthesized), "PodMonitor");
    expect(monitor.spec.podMetricsEndpoints).toEqual([
      { port: "indexer-metrics", path: "/metrics", interval: "30s" },
      { port: "probe-metrics", path: "/metrics", interval: "30s" },
    ]);
  });
  it("alerts on what the daemon's readiness probe measured, with the daemon's own thresholds (MIN_PEERS, BLOCK_TOLERANCE, its liveness window)", () => {
    const measured = rule.spec.groups[0].rules.filter((r: any) => r.expr.includes("coinstack_probe_"));
    const pods = 'namespace="coin-bitcoin",pod=~"bitcoin-sts-[0-9]+"';
    expect(measured.map((r: any) => [r.alert, r.labels.service, r.expr, r.for])).toEqual([
      ["CoinstackHeightStalled", "daemon", `changes(coinstack_probe_height{service="daemon",${pods}}[7200s]) == 0`, "15m"],
      ["CoinstackPeersLow", "daemon", `coinstack_probe_peers{service="daemon",${pods}} < 1`, "30m"],
      ["CoinstackSyncLag", "daemon", `coinstack_probe_sync_lag_blocks{service="daemon",${pods}} > 1`, "30m"],
    ]);
  });
  it("alerts when geth stays behind its reference endpoints' quorum (as its readiness measured it), or Lighthouse's head behind the wall-clock slot", () => {
    const [ethereumRules] = manifestsOfKind(JSON.parse(Testing.synth(coinStack("ethereum"))), "PrometheusRule");
    const pods = 'namespace="coin-ethereum",pod=~"ethereum-sts-[0-9]+"';
    expect(ethereumRules.spec.groups[0].rules.filter((r: any) => r.alert === "CoinstackSyncLag").map((r: any) => [r.labels.service, r.expr])).toEqual([
      ["daemon", `coinstack_probe_sync_lag_blocks{service="daemon",${pods}} > 5`],
      ["daemon-beacon", `slotclock_present_slot{${pods}} - on (namespace, pod) beacon_head_slot{${pods}} > 5`],
    ]);
  });
  it("alerts when polkadot's best block stays behind the best its peers announced (westend in dev)", () => {
    const [rules] = manifestsOfKind(JSON.parse(Testing.synth(coinStack("polkadot"))), "PrometheusRule");
    const pods = 'namespace="coin-polkadot-westend",pod=~"polkadot-westend-sts-[0-9]+"';
    expect(rules.spec.groups[0].rules.filter((r: any) => r.alert === "CoinstackSyncLag").map((r: any) => [r.labels.service, r.expr])).toEqual([
      ["daemon", `substrate_block_height{status="sync_target",${pods}} - on (namespace, pod) substrate_block_height{status="best",${pods}} > 5`],
    ]);
  });
  it("takes a config override of the measured service's threshold for its alert", () => {
    const [rules] = manifestsOfKind(JSON.parse(Testing.synth(coinStack("bitcoin", { settings: { services: { daemon: { env: { BLOCK_TOLERANCE: "3", MIN_PEERS: "4" } } } } }))), "PrometheusRule");
    const daemon = rules.spec.groups[0].rules.filter((r: any) => r.labels.service === "daemon" && r.expr.includes("coinstack_probe_"));
    expect(daemon.map((r: any) => [r.alert, r.expr.split(" ").pop()])).toEqual([["CoinstackHeightStalled", "0"], ["CoinstackPeersLow", "4"], ["CoinstackSyncLag", "3"]]);
  });
  it("alerts when an indexer stays more than INDEXER_LAG_TOLERANCE blocks behind its daemon for 30 minutes", () => {
    const behind = rule.spec.groups[0].rules.find((r: any) => r.alert === "CoinstackIndexerBehind");
    expect(behind).toMatchObject({
      expr: 'blockbook_backend_best_height{namespace="coin-bitcoin",pod=~"bitcoin-sts-[0-9]+"} - blockbook_best_height{namespace="coin-bitcoin",pod=~"bitcoin-sts-[0-9]+"} > 2',
      for: "30m",
      labels: { service: "indexer", severity: "warning" },
    });
  });
});
