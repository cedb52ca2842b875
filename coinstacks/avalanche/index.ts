import { type CoinDefinition, type CoinstackSpec, PortRole } from "../../lib/coinstack/definition";
import { EVM_DAEMON_THRESHOLDS, evmIndexer, executionLibraries } from "../evm";
import { probeMetrics } from "../lib/probe-metrics";
import { referenceCheck, script } from "../lib/scripts";

/** Ava Labs' avalanchego, release v1.14.2. */
export const AVALANCHEGO_IMAGE = "avaplatform/avalanchego:v1.14.2";

/** avalanchego's default ports: its HTTP API (the C-chain's JSON-RPC at /ext/bc/C/rpc) and staking (peers). */
export const AVALANCHE_PORTS = { api: 9650, staking: 9651 } as const;

/** The C-chain's config: the APIs blockbook calls, and no state sync (blockbook indexes the whole history). */
const C_CHAIN_CONFIG = {
  "eth-apis": ["eth", "eth-filter", "net", "debug-tracer", "web3", "internal-eth", "internal-blockchain", "internal-transaction", "internal-tx-pool", "internal-debug"],
  "state-sync-enabled": false,
};

/**
 * Avalanche's C-chain: avalanchego and blockbook (its "Avalanche" factory, on the C-chain's
 * websocket). The image is Debian slim with no HTTP client (avalanchego's Dockerfile at v1.14.2), so
 * startup and liveness are the kubelet's GET of avalanchego's own health API (/ext/health/liveness:
 * 503 when unhealthy) and readiness, geth's (eth_syncing, the reference quorum) on the C-chain's path,
 * runs in the monitor container. Its init script runs in its own container (sh only). No peers are
 * required by readiness: the C-chain's net_peerCount is not the node's. avalanchego serves its
 * metrics on its API port, which only the coinstack reaches, so what readiness measures (height, lag)
 * is served instead. Mainnet only: blockbook refuses Fuji. Sizes: the original's 2024 table
 * (1/2 CPUs, 32Gi, 5750Gi; blockbook 1/2, 8Gi, 500Gi).
 */
export const avalanche: CoinDefinition = {
  name: "avalanche",
  family: "evm",
  networks: ["mainnet"],
  p2pExposures: [],
  spec(networkName: string): CoinstackSpec {
    if (networkName !== "mainnet") throw new Error(`avalanche: no network ${networkName}`);
    const measured = probeMetrics("daemon", ["height", "syncLag"]);
    const window = "900";
    const health = { httpGet: { path: "/ext/health/liveness", port: "daemon-rpc" } };
    return {
      services: [
        {
          name: "daemon",
          image: AVALANCHEGO_IMAGE,
          ports: [
            { name: "daemon-rpc", port: AVALANCHE_PORTS.api, role: PortRole.RPC },
            { name: "daemon-p2p", port: AVALANCHE_PORTS.staking, role: PortRole.P2P },
          ],
          env: {
            AVALANCHE_NETWORK: "mainnet",
            RPC_PORT: String(AVALANCHE_PORTS.api),
            RPC_PATH: "/ext/bc/C/rpc",
            P2P_PORT: String(AVALANCHE_PORTS.staking),
            MIN_PEERS: "0",
            // 2-second blocks.
            ...referenceCheck(["https://api.avax.network/ext/bc/C/rpc", "https://avalanche-c-chain-rpc.publicnode.com", "https://avalanche.drpc.org"], 30),
            LIVENESS_WINDOW_SECONDS: window,
            ...measured.env,
          },
          integerEnv: EVM_DAEMON_THRESHOLDS,
          urlEnv: ["REFERENCE_ENDPOINTS"],
          scripts: { init: script("avalanche/daemon/init.sh"), readiness: script("evm/daemon/readiness.sh") },
          networkProbes: { startup: health, liveness: health },
          probes: { readiness: { timeoutSeconds: 20 } },
          monitor: true,
          configFiles: [
            ...executionLibraries("daemon"),
            { key: "daemon-c-chain-config.json", mountPath: "/configs/chains/C/config.json", content: `${JSON.stringify(C_CHAIN_CONFIG, null, 2)}\n` },
          ],
          resources: { requests: { cpu: "1", memory: "32Gi" }, limits: { cpu: "2", memory: "32Gi" } },
          storage: { size: "5750Gi" },
        },
        evmIndexer({
          image: "shapeshiftdao/unchained-blockbook:bb02eb5",
          coinName: "Avalanche",
          shortcut: "AVAX",
          livenessWindowSeconds: window,
          backend: { port: AVALANCHE_PORTS.api, path: "/ext/bc/C/rpc" },
          chainConfig: {
            rpc_url: `ws://127.0.0.1:${AVALANCHE_PORTS.api}/ext/bc/C/ws`,
            averageBlockTimeMs: 2000,
            eip1559Fees: true,
            mempoolTxTimeoutHours: 12,
            queryBackendOnMempoolResync: false,
          },
          resources: { requests: { cpu: "1", memory: "8Gi" }, limits: { cpu: "2", memory: "8Gi" } },
          storage: { size: "500Gi" },
        }),
      ],
      sidecars: [measured.sidecar],
    };
  },
};
