import { type CoinDefinition, type CoinstackSpec } from "../../lib/coinstack/definition";
import { blockbookService } from "../blockbook";
import { EVM_DAEMON_THRESHOLDS, EVM_PORTS, evmBlockbookConfig, evmLibrary, executionPorts, GETH_METRICS, referenceCheck } from "../evm";
import { probeMetrics } from "../lib/probe-metrics";
import { probeLibrary, script } from "../lib/scripts";

/** BNB Chain's geth fork, its release 1.7.3 (ghcr.io, tagged by version without the v). */
export const BSC_IMAGE = "ghcr.io/bnb-chain/bsc:1.7.3";

/**
 * BNB Smart Chain: BNB Chain's geth fork and blockbook. Proof of staked authority: no consensus
 * client, so no engine API and no JWT. geth's scripts run it (coinstacks/evm): its image is alpine
 * with busybox, bash, curl and jq (the fork's Dockerfile at v1.7.3), and `--mainnet` selects the
 * built-in genesis and bootnodes (cmd/utils/flags.go, params/bootnodes.go at v1.7.3), so no config.toml
 * or genesis file is mounted. Inbound P2P is not offered, as for geth. Mainnet only in this catalog:
 * blockbook has a "BNB Smart Chain" factory and none for its Chapel testnet.
 * Sizes: the original's 2024 table (8/16 CPUs, 72Gi; blockbook 2/4, 24Gi, 1000Gi) with the
 * daemon's volume raised for two more years of chain (an estimate); environments set theirs.
 */
export const bnbsmartchain: CoinDefinition = {
  name: "bnbsmartchain",
  family: "evm",
  networks: ["mainnet"],
  p2pExposures: [],
  spec(networkName: string): CoinstackSpec {
    if (networkName !== "mainnet") throw new Error(`bnbsmartchain: no network ${networkName}`);
    // geth measures its height and peers, not how far it is behind the reference endpoints: its readiness probe does.
    const measured = probeMetrics("daemon", ["syncLag"]);
    const window = "900";
    return {
      services: [
        {
          name: "daemon",
          image: BSC_IMAGE,
          ports: executionPorts(EVM_PORTS.metrics, GETH_METRICS, false),
          env: {
            NETWORK_FLAG: "--mainnet",
            RPC_PORT: String(EVM_PORTS.rpc),
            WS_PORT: String(EVM_PORTS.ws),
            P2P_PORT: String(EVM_PORTS.p2p),
            METRICS_PORT: String(EVM_PORTS.metrics),
            MIN_PEERS: "1",
            // Sub-second blocks: the references answer dozens of blocks apart.
            ...referenceCheck(["https://bsc-rpc.publicnode.com", "https://bsc-dataseed.bnbchain.org", "https://bsc.drpc.org"], 80),
            LIVENESS_WINDOW_SECONDS: window,
            ...measured.env,
          },
          integerEnv: EVM_DAEMON_THRESHOLDS,
          urlEnv: ["REFERENCE_ENDPOINTS"],
          scripts: {
            init: script("evm/daemon/init.sh"),
            startup: script("evm/daemon/startup.sh"),
            liveness: script("evm/daemon/liveness.sh"),
            readiness: script("evm/daemon/readiness.sh"),
          },
          probes: { readiness: { timeoutSeconds: 20 } },
          configFiles: [probeLibrary("daemon"), evmLibrary("daemon", "evm-lib.sh")],
          resources: { requests: { cpu: "8", memory: "72Gi" }, limits: { cpu: "16", memory: "72Gi" } },
          storage: { size: "4000Gi" },
        },
        blockbookService({
          image: "shapeshiftdao/unchained-blockbook:bb02eb5",
          init: script("evm/blockbook-init.sh"),
          config: {
            ...evmBlockbookConfig("BNB Smart Chain", "BNB"),
            averageBlockTimeMs: 3000,
            mempoolTxTimeoutHours: 12,
            queryBackendOnMempoolResync: false,
          },
          env: { LIVENESS_WINDOW_SECONDS: window, BACKEND_RPC_PORT: String(EVM_PORTS.rpc) },
          resources: { requests: { cpu: "2", memory: "24Gi" }, limits: { cpu: "4", memory: "24Gi" } },
          storage: { size: "1000Gi" },
        }),
      ],
      sidecars: [measured.sidecar],
    };
  },
};
