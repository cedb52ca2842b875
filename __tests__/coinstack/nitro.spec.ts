/**
 * Issue 18, the Arbitrum Nitro family (arbitrum, arbitrum-nova): nitro + blockbook, nitro reading
 * the environment's ethereum as its parent chain, with no peers and no P2P port.
 */
import { buildError } from "../helpers/bad-input";
import { container, manifestsOfKind, podSpec, readersOff, synthCoin } from "../helpers/coinstack";
import { resourcesOf } from "../helpers/synth";

describe.each([
  ["arbitrum", "arb1"],
  ["arbitrum-nova", "nova"],
] as const)("%s in prod", (coin, chainName) => {
  const stack = synthCoin(coin, { env: "prod" });
  const daemon = container(stack, `${coin}-daemon`);
  const env = Object.fromEntries(daemon.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));

  it("runs nitro (its init script in its own image), blockbook and the probe-metrics exporter", () => {
    expect(podSpec(stack).container.map((c: any) => c.name)).toEqual([`${coin}-daemon`, `${coin}-indexer`, `${coin}-probe-metrics`]);
    expect([daemon.image, daemon.command]).toEqual(["offchainlabs/nitro-node:v3.10.0-b1cf6db", ["/init.sh"]]);
  });

  it("follows its chain by name and reads ethereum's client Service as its parent chain", () => {
    expect(env).toMatchObject({
      CHAIN_NAME: chainName,
      PARENT_CHAIN_RPC_URL: "http://ethereum-svc.coin-ethereum.svc:8545",
      PARENT_CHAIN_BEACON_URL: "http://ethereum-svc.coin-ethereum.svc:5052",
    });
  });

  it("has no P2P port, no peers to require and no credentials (nitro follows the sequencer's feed)", () => {
    expect(daemon.port.map((p: any) => p.name)).toEqual(["daemon-rpc", "daemon-ws", "daemon-metrics"]);
    expect(env.MIN_PEERS).toBe("0");
    expect(resourcesOf(stack, "kubernetes_secret_v1")).toEqual([]);
    expect(resourcesOf(stack, "kubernetes_network_policy_v1").map(([, p]) => p.metadata.name)).not.toContain("allow-p2p");
  });

  it("may dial public addresses on 443 only (its sequencer feed, the snapshot server, the references): without peers, no P2P policy lets it out", () => {
    const policies = Object.fromEntries(resourcesOf(stack, "kubernetes_network_policy_v1").map(([, p]) => [p.metadata.name, p.spec]));
    const egress = policies["allow-public-endpoints"].egress;
    expect(egress).toHaveLength(1);
    expect(egress[0].ports).toEqual([{ port: "443", protocol: "TCP" }]);
    expect(egress[0].to[0].ip_block.except).toEqual(expect.arrayContaining(["10.0.0.0/8", "169.254.0.0/16"]));
  });

  it("allows a first start hours to download the latest pruned snapshot before its RPC answers", () => {
    expect(daemon.startup_probe).toMatchObject({ period_seconds: 30, failure_threshold: 1440 });
  });

  it("is scraped at go-ethereum's metrics path, and its height is alerted on", () => {
    const [monitor] = manifestsOfKind(stack, "PodMonitor");
    expect(monitor.spec.podMetricsEndpoints[0]).toEqual({ port: "daemon-metrics", path: "/debug/metrics/prometheus", interval: "30s" });
    const [rules] = manifestsOfKind(stack, "PrometheusRule");
    expect(rules.spec.groups[0].rules.filter((r: any) => r.labels.service === "daemon").map((r: any) => r.alert)).toEqual(
      expect.arrayContaining(["CoinstackHeightStalled", "CoinstackSyncLag"]),
    );
    expect(rules.spec.groups[0].rules.filter((r: any) => r.alert === "CoinstackPeersLow")).toEqual([]);
  });
});

it("refuses an arbitrum whose L1 is not in the environment and has no external endpoints, naming its key", () => {
  const problems = buildError({ "coins.ethereum.enabled": false, ...readersOff("ethereum", "arbitrum") })?.problems;
  expect(problems).toEqual([expect.stringMatching(/^config\/prod\.yaml: coins\.arbitrum\.dependencies\.l1: expected coins\.ethereum enabled on mainnet in this environment \(it is not enabled here\)/)]);
});
