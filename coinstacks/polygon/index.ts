import { type CoinDefinition, type CoinstackSpec } from "../../lib/coinstack/definition";
import { type CosmosChain, cosmosSdkNode } from "../cometbft";
import { ethereum } from "../ethereum";
import { EVM_DAEMON_THRESHOLDS, EVM_PORTS, evmIndexer, executionLibraries, executionPorts, GETH_METRICS, l1Dependency } from "../evm";
import { probeMetrics } from "../lib/probe-metrics";
import { referenceCheck, script } from "../lib/scripts";

/**
 * bor 2.9.1, the newest stable release found (July 2026; the tag was not read from the registry):
 * bor 2.2.x stops at the Rio fork (block 77414656), so an older pin cannot follow mainnet. Its
 * image is alpine (busybox's sh and wget), entrypoint bor (Dockerfile.release).
 */
export const BOR_IMAGE = "0xpolygon/bor:2.9.1";
/** heimdall-v2 v0.10.0 (July 2026): alpine 3.23 (busybox) with tini, heimdalld at /usr/bin (Dockerfile.release). */
export const HEIMDALL_IMAGE = "0xpolygon/heimdall-v2:0.10.0";

/** bor's Prometheus endpoint (--metrics.prometheus-addr): geth's registry at geth's path. */
const BOR_METRICS_PORT = 7071;

/**
 * heimdall-v2's mainnet (heimdallv2-137), from its migration in July 2025: the migrated genesis as
 * Polygon's docs and heimdall-v2's migration guides publish it (about 4 GB), its sha512 as the
 * migration script pins it (migration/systemd/script/migrate.sh at v0.10.0; the published .sha512 file
 * was not read), and the seeds of its mainnet config template (packaging/templates/config/mainnet).
 * It replays its chain from that genesis (no state sync); no public CometBFT RPC was found to compare with.
 */
const HEIMDALL_MAINNET: CosmosChain = {
  chainId: "heimdallv2-137",
  genesis: {
    url: "https://storage.googleapis.com/mainnet-heimdallv2-genesis/migrated_dump-genesis.json",
    checksum: "sha512:38003386814a1cf6194f7e29e9b27d6e8711760cef357c500b94dda3e366899b6577a912e97a0527c96bc17174b186d269697cae3e8525022074bc83e36b4ed3",
  },
  seeds: [
    "a0ef6f328949adc077c59ab1f6b03711ae8d32d2@34.185.209.56:26656",
    "f1e632758dfaf616a833900c0b8845bb2547b7c2@34.185.162.14:26656",
    "e49bb5d9cb22943fb2b9f49a4c5d0f773917efaf@34.179.171.228:26656",
    "babb8151d6fae45fcbb9229bd9faba173f3feaf3@35.246.166.189:26656",
    "9c92984a5aad02c43955da94bb0a979a8dadbcfe@34.142.28.190:26656",
    "3643aeae6a5965053709303e97257f62012fdd9c@34.39.56.114:26656",
    "830d44b0d11ab25c9a03135859049d55daf73a03@34.147.169.102:26656",
    "b0e795afc432ea3557b377d7763f6fb6dd102e60@34.105.180.11:26656",
  ],
  referenceEndpoints: [],
};

/**
 * Polygon PoS: bor (execution, geth's scripts with its own init), heimdall-v2 (consensus, a Cosmos
 * SDK chain run by the CometBFT scripts; it reads the L1, ethereum, and bor) and blockbook's Polygon
 * coin on bor's websocket. bor reads spans from heimdall's REST API in the pod; heimdall's APIs stay
 * inside the coinstack, blockbook's is the public face. Bor cannot snap sync: a first start replays
 * from genesis for weeks, so seed its volume from a snapshot (coins.<coin>.volumes). 1-second blocks
 * since the Madhugiri fork. Mainnet only: blockbook's Polygon coin refuses Amoy's chain ID. Sizes:
 * the original's 2024 table for CPU and memory (bor 4/8, 64Gi; blockbook 2/4, 32Gi), Polygon's docs
 * for the disk (8 TB, 16000 IOPS, 1000 MiB/s: the chain has outgrown the original's 4000Gi), and an
 * estimate for heimdall-v2 (its 4 GB genesis is loaded in memory: 16Gi, against the original's 1Gi).
 */
export const polygon: CoinDefinition = {
  name: "polygon",
  family: "evm",
  networks: ["mainnet"],
  p2pExposures: [],
  dependencies: [l1Dependency(ethereum, ["heimdall"], { execution: "L1_RPC_URL" })],
  spec(networkName: string): CoinstackSpec {
    if (networkName !== "mainnet") throw new Error(`polygon: no network ${networkName}`);
    // bor measures its height and peers, not how far it is behind the reference endpoints: its readiness probe does.
    const measured = probeMetrics("daemon", ["syncLag"]);
    const window = "900";
    return {
      services: [
        {
          name: "daemon",
          image: BOR_IMAGE,
          ports: executionPorts(BOR_METRICS_PORT, GETH_METRICS, false),
          env: {
            RPC_PORT: String(EVM_PORTS.rpc),
            WS_PORT: String(EVM_PORTS.ws),
            P2P_PORT: String(EVM_PORTS.p2p),
            METRICS_PORT: String(BOR_METRICS_PORT),
            HEIMDALL_URL: "http://127.0.0.1:1317",
            // Polygon's DNS list of bor peers (packaging/templates/mainnet-v1 at v2.2.11), besides bor's built-in bootnodes.
            DISCOVERY_DNS: "enrtree://AKUEZKN7PSKVNR65FZDHECMKOJQSGPARGTPPBI7WS2VUL4EGR6XPC@pos.polygon-peers.io",
            MIN_PEERS: "1",
            // 1-second blocks: the references answer seconds apart.
            ...referenceCheck(["https://polygon-rpc.com", "https://polygon-bor-rpc.publicnode.com", "https://polygon.drpc.org"], 30),
            LIVENESS_WINDOW_SECONDS: window,
            ...measured.env,
          },
          integerEnv: EVM_DAEMON_THRESHOLDS,
          urlEnv: ["REFERENCE_ENDPOINTS", "HEIMDALL_URL"],
          scripts: {
            init: script("polygon/bor/init.sh"),
            startup: script("evm/daemon/startup.sh"),
            liveness: script("evm/daemon/liveness.sh"),
            readiness: script("evm/daemon/readiness.sh"),
          },
          probes: { readiness: { timeoutSeconds: 20 } },
          configFiles: executionLibraries("daemon"),
          resources: { requests: { cpu: "4", memory: "64Gi" }, limits: { cpu: "8", memory: "64Gi" } },
          storage: { size: "8000Gi", iops: 16000, throughput: 1000 },
        },
        cosmosSdkNode({
          name: "heimdall",
          image: HEIMDALL_IMAGE,
          binary: "heimdalld",
          chain: HEIMDALL_MAINNET,
          blockTolerance: 5,
          livenessWindowSeconds: 900,
          measuredEnv: {},
          publicApi: false,
          // heimdalld's own flags: the L1 it watches, and bor in the pod.
          startFlags: ["--eth_rpc_url=$(L1_RPC_URL)", `--bor_rpc_url=http://127.0.0.1:${EVM_PORTS.rpc}`],
          // The genesis is about 4 GB to fetch, check and load: four hours (480 x 30 s).
          startupFailureThreshold: 480,
          resources: { requests: { cpu: "1", memory: "16Gi" }, limits: { cpu: "2", memory: "16Gi" } },
          storage: { size: "1000Gi" },
        }),
        evmIndexer({
          image: "shapeshiftdao/unchained-blockbook:bb02eb5",
          coinName: "Polygon",
          shortcut: "POL",
          livenessWindowSeconds: window,
          backend: { port: EVM_PORTS.rpc },
          chainConfig: { averageBlockTimeMs: 1000, mempoolTxTimeoutHours: 12, queryBackendOnMempoolResync: false },
          resources: { requests: { cpu: "2", memory: "32Gi" }, limits: { cpu: "4", memory: "32Gi" } },
          storage: { size: "1000Gi" },
        }),
      ],
      sidecars: [measured.sidecar],
    };
  },
};
