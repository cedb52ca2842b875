import { type CoinDefinition, type CoinstackSpec, PortRole, type Resources, type StorageSpec } from "../../lib/coinstack/definition";
import { EVM_DAEMON_THRESHOLDS, evmIndexer, executionLibraries, l1Dependency } from "../evm";
import { probeMetrics } from "../lib/probe-metrics";
import { referenceCheck, script } from "../lib/scripts";

/**
 * The Arbitrum Nitro family (arbitrum, arbitrum-nova): nitro, which follows its chain's sequencer
 * feed and reads its parent chain (an L1 execution and beacon endpoint), and blockbook. nitro has
 * no peers and no P2P port. Its image is Debian with curl and jq (nitro's Dockerfile, target
 * nitro-node), so its scripts run in its own container.
 *
 * Mainnet only: blockbook has no factory for Arbitrum's Sepolia rollup ("Arbitrum" and "Arbitrum
 * Nova" only, bchain/coins/blockchain.go).
 */
export interface NitroChain {
  /** nitro's --chain.name (cmd/chaininfo/arbitrum_chain_info.json): arb1, nova. */
  readonly chainName: string;
  /** Public JSON-RPC endpoints readiness compares the height with; config may override them. */
  readonly referenceEndpoints: readonly string[];
  /** blockbook's coin_name (a key of blockbook's BlockChainFactories). */
  readonly blockbookCoinName: string;
}

export interface NitroCoinProps {
  readonly name: string;
  readonly image: string;
  readonly indexerImage: string;
  /** The L1 coin of the catalog (ethereum) whose execution and beacon endpoints nitro reads. */
  readonly l1: CoinDefinition;
  readonly chain: NitroChain;
  /** Liveness window of nitro and blockbook. */
  readonly livenessWindowSeconds: number;
  readonly daemon: { readonly resources: Resources; readonly storage: StorageSpec };
  readonly indexer: { readonly resources: Resources; readonly storage: StorageSpec };
}

/** nitro's default ports (cmd/genericconf: http 8547, ws 8548; metrics server 6070). */
export const NITRO_PORTS = { rpc: 8547, ws: 8548, metrics: 6070 } as const;

/**
 * nitro serves go-ethereum's metrics registry at /debug/metrics/prometheus on its metrics server
 * (cmd/util/metrics.go: metrics/exp), with geth's chain/head/block; it has no peers to count.
 */
const NITRO_METRICS = { path: "/debug/metrics/prometheus", height: { name: "chain_head_block" } } as const;

export function nitroCoin(props: NitroCoinProps): CoinDefinition {
  const window = String(props.livenessWindowSeconds);
  return {
    name: props.name,
    family: "nitro",
    networks: ["mainnet"],
    dependencies: [l1Dependency(props.l1, ["daemon"], { execution: "PARENT_CHAIN_RPC_URL", beacon: "PARENT_CHAIN_BEACON_URL" })],
    spec(networkName: string): CoinstackSpec {
      if (networkName !== "mainnet") throw new Error(`${props.name}: no network ${networkName}`);
      // nitro measures its height, not how far it is behind the reference endpoints: its readiness probe does.
      const measured = probeMetrics("daemon", ["syncLag"]);
      return {
        services: [
          {
            name: "daemon",
            image: props.image,
            ports: [
              { name: "daemon-rpc", port: NITRO_PORTS.rpc, role: PortRole.RPC },
              { name: "daemon-ws", port: NITRO_PORTS.ws, role: PortRole.RPC },
              { name: "daemon-metrics", port: NITRO_PORTS.metrics, role: PortRole.METRICS, metrics: NITRO_METRICS },
            ],
            env: {
              CHAIN_NAME: props.chain.chainName,
              RPC_PORT: String(NITRO_PORTS.rpc),
              WS_PORT: String(NITRO_PORTS.ws),
              METRICS_PORT: String(NITRO_PORTS.metrics),
              // No peers: nitro follows the sequencer's feed.
              MIN_PEERS: "0",
              // 250 ms blocks: the references answer dozens of blocks apart.
              ...referenceCheck(props.chain.referenceEndpoints, 240),
              LIVENESS_WINDOW_SECONDS: window,
              ...measured.env,
            },
            integerEnv: EVM_DAEMON_THRESHOLDS,
            urlEnv: ["REFERENCE_ENDPOINTS"],
            scripts: {
              init: script("nitro/daemon/init.sh"),
              startup: script("evm/daemon/startup.sh"),
              liveness: script("evm/daemon/block-liveness.sh"),
              readiness: script("evm/daemon/readiness.sh"),
            },
            // A first start downloads the latest pruned snapshot (hundreds of GB) before the RPC
            // answers: 12 hours (1440 x 30 s). Three reference endpoints at REFERENCE_TIMEOUT each.
            probes: { startup: { failureThreshold: 1440 }, readiness: { timeoutSeconds: 20 } },
            configFiles: executionLibraries("daemon"),
            resources: props.daemon.resources,
            storage: props.daemon.storage,
          },
          evmIndexer({
            image: props.indexerImage,
            coinName: props.chain.blockbookCoinName,
            shortcut: "ETH",
            livenessWindowSeconds: window,
            backend: { port: NITRO_PORTS.rpc },
            chainConfig: {
              rpc_url: `ws://127.0.0.1:${NITRO_PORTS.ws}`,
              block_addresses_to_keep: 1800,
              averageBlockTimeMs: 250,
              mempoolTxTimeoutHours: 12,
              queryBackendOnMempoolResync: false,
              disableMempoolSync: true,
            },
            resources: props.indexer.resources,
            storage: props.indexer.storage,
          }),
        ],
        sidecars: [measured.sidecar],
        // No peers, so no P2P policy to let nitro out: it dials these over HTTPS.
        publicEgress: [{ port: 443, reason: "the sequencer's feed and its transaction forwarding, the pruned snapshot server (first start), readiness's reference endpoints" }],
      };
    },
  };
}
