/**
 * Issue 18, Avalanche's C-chain: avalanchego (no HTTP client in its image: the kubelet GETs its
 * health API, readiness runs in the monitor on the C-chain's path) and blockbook.
 */
import { container, podSpec, synthCoin } from "../helpers/coinstack";
import { resourcesOf } from "../helpers/synth";

describe("avalanche in prod", () => {
  const stack = synthCoin("avalanche", { env: "prod" });
  const daemon = container(stack, "avalanche-daemon");
  const configData = Object.assign({}, ...resourcesOf(stack, "kubernetes_config_map_v1").map(([, c]) => c.data ?? {}));

  it("runs avalanchego through its init script, readiness in a monitor, blockbook and the probe-metrics exporter", () => {
    expect(podSpec(stack).container.map((c: any) => c.name)).toEqual(["avalanche-daemon", "avalanche-daemon-monitor", "avalanche-indexer", "avalanche-probe-metrics"]);
    expect([daemon.image, daemon.command]).toEqual(["avaplatform/avalanchego:v1.14.2", ["/init.sh"]]);
  });

  it("has the kubelet GET avalanchego's own liveness health check for startup and liveness", () => {
    const health = { path: "/ext/health/liveness", port: "daemon-rpc" };
    expect([daemon.startup_probe.http_get, daemon.liveness_probe.http_get, daemon.readiness_probe]).toEqual([health, health, undefined]);
    expect(container(stack, "avalanche-daemon-monitor").readiness_probe.exec.command).toEqual(["/readiness.sh"]);
  });

  it("asks the C-chain at its path, in readiness and in blockbook's wait for its backend", () => {
    const env = (c: any) => Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
    expect(env(container(stack, "avalanche-daemon-monitor"))).toMatchObject({ RPC_PORT: "9650", RPC_PATH: "/ext/bc/C/rpc", MIN_PEERS: "0" });
    expect(env(container(stack, "avalanche-indexer"))).toMatchObject({ BACKEND_RPC_PORT: "9650", BACKEND_RPC_PATH: "/ext/bc/C/rpc" });
    expect(JSON.parse(configData["indexer-blockbook-config.json"])).toMatchObject({ coin_name: "Avalanche", rpc_url: "ws://127.0.0.1:9650/ext/bc/C/ws" });
  });

  it("mounts the C-chain's config: the APIs blockbook calls, and no state sync (blockbook indexes the whole history)", () => {
    expect(daemon.volume_mount).toContainEqual(expect.objectContaining({ mount_path: "/configs/chains/C/config.json", sub_path: "daemon-c-chain-config.json", read_only: true }));
    expect(JSON.parse(configData["daemon-c-chain-config.json"])).toEqual({
      "eth-apis": ["eth", "eth-filter", "net", "debug-tracer", "web3", "internal-eth", "internal-blockchain", "internal-transaction", "internal-tx-pool", "internal-debug"],
      "state-sync-enabled": false,
    });
  });
});
