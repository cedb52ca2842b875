/**
 * Issue 18, Gnosis Chain: Nethermind (no HTTP client in its image: the kubelet connects to its
 * JSON-RPC, readiness runs in the monitor), Lighthouse on --network gnosis, and blockbook's Gnosis coin.
 */
import { container, podSpec, synthCoin } from "../helpers/coinstack";
import { resourcesOf } from "../helpers/synth";
import { GNOSIS_INDEXER_IMAGE, NETHERMIND_IMAGE } from "../../coinstacks/gnosis";

const env = (c: any): Record<string, string> => Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));

describe("gnosis in prod", () => {
  const stack = synthCoin("gnosis", { env: "prod" });
  const daemon = container(stack, "gnosis-daemon");
  const configData = Object.assign({}, ...resourcesOf(stack, "kubernetes_config_map_v1").map(([, c]) => c.data ?? {}));

  it("runs Nethermind through its init script, Lighthouse, blockbook and their monitors, and the probe-metrics exporter", () => {
    expect(podSpec(stack).container.map((c: any) => c.name)).toEqual([
      "gnosis-daemon",
      "gnosis-daemon-monitor",
      "gnosis-daemon-beacon",
      "gnosis-daemon-beacon-monitor",
      "gnosis-indexer",
      "gnosis-probe-metrics",
    ]);
    expect([daemon.image, daemon.command]).toEqual([NETHERMIND_IMAGE, ["/init.sh"]]);
  });

  it("has the kubelet connect to Nethermind's JSON-RPC for startup and liveness, and geth's readiness run in the monitor", () => {
    const rpc = [{ port: "daemon-rpc" }];
    expect([daemon.startup_probe.tcp_socket, daemon.liveness_probe.tcp_socket, daemon.readiness_probe]).toEqual([rpc, rpc, undefined]);
    expect(container(stack, "gnosis-daemon-monitor").readiness_probe.exec.command).toEqual(["/readiness.sh"]);
    expect(env(container(stack, "gnosis-daemon-monitor"))).toMatchObject({ RPC_PORT: "8545", MIN_PEERS: "1", BLOCK_TOLERANCE: "5" });
  });

  it("runs Lighthouse on --network gnosis from Gnosis' checkpoint", () => {
    expect(env(container(stack, "gnosis-daemon-beacon"))).toMatchObject({ BEACON_NETWORK: "gnosis", CHECKPOINT_SYNC_URL: "https://checkpoint.gnosischain.com" });
  });

  it("indexes with blockbook's Gnosis coin on Nethermind's websocket, which shares the JSON-RPC port", () => {
    expect(container(stack, "gnosis-indexer").image).toBe(GNOSIS_INDEXER_IMAGE);
    expect(JSON.parse(configData["indexer-blockbook-config.json"])).toMatchObject({ coin_name: "Gnosis", coin_shortcut: "xDAI", rpc_url: "ws://127.0.0.1:8545", averageBlockTimeMs: 5000 });
  });
});
