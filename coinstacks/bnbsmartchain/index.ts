import { type CoinDefinition, type CoinstackSpec } from "../../lib/coinstack/definition";
import { EVM_PORTS, evmIndexer, gethService } from "../evm";
import { probeMetrics } from "../lib/probe-metrics";

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
        gethService({
          image: BSC_IMAGE,
          networkFlag: "--mainnet",
          engineApi: false,
          // Sub-second blocks: the references answer dozens of blocks apart.
          referenceEndpoints: ["https://bsc-rpc.publicnode.com", "https://bsc-dataseed.bnbchain.org", "https://bsc.drpc.org"],
          blockTolerance: 80,
          livenessWindowSeconds: window,
          measuredEnv: measured.env,
          resources: { requests: { cpu: "8", memory: "72Gi" }, limits: { cpu: "16", memory: "72Gi" } },
          storage: { size: "4000Gi" },
        }),
        evmIndexer({
          image: "shapeshiftdao/unchained-blockbook:bb02eb5",
          coinName: "BNB Smart Chain",
          shortcut: "BNB",
          livenessWindowSeconds: window,
          backend: { port: EVM_PORTS.rpc },
          chainConfig: { averageBlockTimeMs: 3000, mempoolTxTimeoutHours: 12, queryBackendOnMempoolResync: false },
          resources: { requests: { cpu: "2", memory: "24Gi" }, limits: { cpu: "4", memory: "24Gi" } },
          storage: { size: "1000Gi" },
        }),
      ],
      sidecars: [measured.sidecar],
    };
  },
};
