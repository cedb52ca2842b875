/**
 * Issue 18, BNB Smart Chain: BNB Chain's geth fork run by geth's scripts, without a consensus client
 * (no engine API, no JWT), and blockbook.
 */
import { container, manifestsOfKind, podSpec, synthCoin } from "../helpers/coinstack";
import { resourcesOf } from "../helpers/synth";

describe("bnbsmartchain in prod", () => {
  const stack = synthCoin("bnbsmartchain", { env: "prod" });
  const daemon = container(stack, "bnbsmartchain-daemon");
  const env = Object.fromEntries(daemon.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));

  it("runs the bsc image through geth's init script, blockbook and the probe-metrics exporter", () => {
    expect(podSpec(stack).container.map((c: any) => c.name)).toEqual(["bnbsmartchain-daemon", "bnbsmartchain-indexer", "bnbsmartchain-probe-metrics"]);
    expect([daemon.image, daemon.command]).toEqual(["ghcr.io/bnb-chain/bsc:1.7.3", ["/init.sh"]]);
  });

  it("selects BSC's built-in mainnet and has no engine API: no auth port, no AUTH_PORT, no JWT Secret", () => {
    expect(env.NETWORK_FLAG).toBe("--mainnet");
    expect(env.AUTH_PORT).toBeUndefined();
    expect(daemon.port.map((p: any) => p.name)).toEqual(["daemon-rpc", "daemon-ws", "daemon-p2p", "daemon-disc", "daemon-metrics"]);
    expect(resourcesOf(stack, "kubernetes_secret_v1")).toEqual([]);
  });

  it("is sized as the original ran it, its volume grown", () => {
    expect(daemon.resources).toEqual({ requests: { cpu: "8", memory: "72Gi" }, limits: { cpu: "16", memory: "72Gi" } });
  });

  it("indexes with blockbook's BNB Smart Chain factory", () => {
    const data = resourcesOf(stack, "kubernetes_config_map_v1").map(([, c]) => c.data).find((d: any) => d?.["indexer-blockbook-config.json"]);
    expect(JSON.parse(data["indexer-blockbook-config.json"])).toMatchObject({ coin_name: "BNB Smart Chain", coin_shortcut: "BNB", rpc_url: "ws://127.0.0.1:8546" });
  });

  it("alerts on geth's height and peers and on its lag behind the references", () => {
    const [rules] = manifestsOfKind(stack, "PrometheusRule");
    expect(rules.spec.groups[0].rules.filter((r: any) => r.labels.service === "daemon").map((r: any) => r.alert)).toEqual(
      expect.arrayContaining(["CoinstackHeightStalled", "CoinstackPeersLow", "CoinstackSyncLag"]),
    );
  });
});
