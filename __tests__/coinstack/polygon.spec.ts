/**
 * Issue 18, Polygon PoS: bor (geth's probes, its own init), heimdall-v2 (the CometBFT scripts,
 * reading the L1 through the coin dependency) and blockbook's Polygon coin.
 */
import { BOR_IMAGE, HEIMDALL_IMAGE } from "../../coinstacks/polygon";
import { container, podSpec, synthCoin } from "../helpers/coinstack";
import { resourcesOf } from "../helpers/synth";

const env = (c: any): Record<string, string> => Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));

describe("polygon in prod", () => {
  const stack = synthCoin("polygon", { env: "prod" });
  const configData = Object.assign({}, ...resourcesOf(stack, "kubernetes_config_map_v1").map(([, c]) => c.data ?? {}));
  const heimdall = container(stack, "polygon-heimdall");

  it("runs bor, heimdall-v2 and blockbook through their init scripts, and the probe-metrics exporter", () => {
    expect(podSpec(stack).container.map((c: any) => c.name)).toEqual(["polygon-daemon", "polygon-heimdall", "polygon-indexer", "polygon-probe-metrics"]);
    expect([container(stack, "polygon-daemon").image, heimdall.image]).toEqual([BOR_IMAGE, HEIMDALL_IMAGE]);
    for (const c of ["polygon-daemon", "polygon-heimdall", "polygon-indexer"]) expect(container(stack, c).command).toEqual(["/init.sh"]);
  });

  it("points bor at heimdall's REST API in the pod", () => {
    expect(env(container(stack, "polygon-daemon"))).toMatchObject({ HEIMDALL_URL: "http://127.0.0.1:1317", BLOCK_TOLERANCE: "30" });
  });

  it("hands heimdalld the L1's JSON-RPC (this environment's ethereum) and bor in the pod as its own flags, the L1 expanded by the kubelet", () => {
    expect(heimdall.args).toEqual(["--eth_rpc_url=$(L1_RPC_URL)", "--bor_rpc_url=http://127.0.0.1:8545"]);
    expect(env(heimdall).L1_RPC_URL).toMatch(/^http:\/\/ethereum[a-z0-9-]*\.coin-ethereum\.svc(\.cluster\.local)?:8545$/);
  });

  it("joins heimdallv2-137 from the migrated genesis, pinned by sha512, and keeps heimdall's APIs inside the coinstack", () => {
    expect(env(heimdall)).toMatchObject({ CHAIN_BINARY: "heimdalld", CHAIN_ID: "heimdallv2-137" });
    expect(env(heimdall).GENESIS_CHECKSUM).toMatch(/^sha512:[0-9a-f]{128}$/);
    expect(env(heimdall).STATE_SYNC_RPC_SERVERS).toBeUndefined();
    expect(heimdall.port.map((p: any) => p.name)).toEqual(["heimdall-rpc", "heimdall-p2p", "heimdall-api", "heimdall-grpc", "heimdall-prom"]);
    expect(resourcesOf(stack, "kubernetes_manifest").map(([, m]) => m.manifest).filter((m: any) => m.kind === "IngressRoute").flatMap((r: any) => r.spec.routes.flatMap((route: any) => route.services.map((s: any) => s.port)))).toEqual([8001]);
  });

  it("gives heimdall four hours to start: its genesis is about 4 GB to fetch, check and load", () => {
    expect(heimdall.startup_probe.failure_threshold).toBe(480);
  });

  it("indexes with blockbook's Polygon coin on bor's websocket, at one-second blocks", () => {
    expect(JSON.parse(configData["indexer-blockbook-config.json"])).toMatchObject({ coin_name: "Polygon", coin_shortcut: "POL", rpc_url: "ws://127.0.0.1:8546", averageBlockTimeMs: 1000 });
  });
});
