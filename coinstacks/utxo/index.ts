import { type CoinDefinition, type CoinstackSpec, PortRole, type Resources, type StorageSpec } from "../../lib/coinstack/definition";
import { blockbookService } from "../blockbook";
import { probeMetrics } from "../lib/probe-metrics";
import { probeLibrary, RPC_SECRETS, script } from "../lib/scripts";

/** What differs between bitcoind-family networks. */
export interface UtxoNetwork {
  /** Daemon flag selecting the network (e.g. "-testnet"); none on mainnet. */
  readonly flag?: string;
  readonly rpcPort: number;
  readonly p2pPort: number;
  /** blockbook's coin_name for this network (a key of blockbook's BlockChainFactories). */
  readonly blockbookCoinName: string;
  /** blockbook's coin_shortcut. @default the coin's shortcut */
  readonly shortcut?: string;
  /** Extra blockbook chain settings (xpub_magic, slip44, address_format...). @default {} */
  readonly blockbook?: Readonly<Record<string, unknown>>;
  /** Liveness window on this network. @default the coin's livenessWindowSeconds */
  readonly livenessWindowSeconds?: number;
  /**
   * A private chain that only moves when someone mines (regtest): no peers, no
   * initial-block-download exit, no stall detection. The probes' defaults follow.
   * @default false
   */
  readonly private?: boolean;
}

export interface UtxoCoinProps {
  readonly name: string;
  /** Daemon binary in the image, e.g. bitcoind. */
  readonly binary: string;
  readonly image: string;
  readonly shortcut: string;
  /**
   * Liveness window (LIVENESS_WINDOW_SECONDS) of the daemon and indexer on public
   * networks: long enough that a slow block (block time x 12, a gap that rare) never
   * restarts a healthy node.
   */
  readonly livenessWindowSeconds: number;
  /** Every network the client supports and this catalog offers; mainnet is the default. */
  readonly networks: Readonly<Record<string, UtxoNetwork>> & { readonly mainnet: UtxoNetwork };
  readonly daemon: { readonly resources: Resources; readonly storage: StorageSpec };
  readonly indexer: { readonly resources: Resources; readonly storage: StorageSpec };
}

const ZMQ_PORT = 28332;

/**
 * Probe thresholds, as environment variables of the services. These are the
 * defaults; `coins.<coin>.services.<service>.env` in config overrides them, and
 * the scripts' header comments say what each one means.
 */
export const UTXO_THRESHOLDS = ["MIN_PEERS", "BLOCK_TOLERANCE", "CHECK_IBD", "LIVENESS_WINDOW_SECONDS", "RPC_TIMEOUT", "TXINDEX", "RPC_WORK_QUEUE", "DBCACHE_MB", "MAX_MEMPOOL_MB"] as const;

/**
 * The UTXO family: a bitcoind-compatible daemon plus blockbook, sharing
 * generated RPC credentials. The daemon's RPC is reachable only inside the
 * coinstack; blockbook's API is the public face.
 */
export function utxoCoin(props: UtxoCoinProps): CoinDefinition {
  const networks = Object.keys(props.networks);
  return {
    name: props.name,
    family: "utxo",
    networks: ["mainnet", ...networks.filter((n) => n !== "mainnet")],
    spec(networkName: string): CoinstackSpec {
      const network = props.networks[networkName];
      if (!network) throw new Error(`${props.name}: no network ${networkName}`);
      const window = String(network.private ? 0 : (network.livenessWindowSeconds ?? props.livenessWindowSeconds));
      // bitcoind serves no metrics: its readiness probe's peers (inbound ones when exposed), height and lag behind its headers are served instead.
      const measured = probeMetrics("daemon", ["height", "peers", "syncLag", "inboundPeers"]);
      return {
        secrets: RPC_SECRETS,
        services: [
          {
            name: "daemon",
            image: props.image,
            ports: [
              { name: "daemon-rpc", port: network.rpcPort, role: PortRole.RPC },
              { name: "daemon-p2p", port: network.p2pPort, role: PortRole.P2P },
            ],
            env: {
              DAEMON_BINARY: props.binary,
              NETWORK_FLAG: network.flag ?? "",
              RPC_PORT: String(network.rpcPort),
              P2P_PORT: String(network.p2pPort),
              P2P_PORT_NAME: "DAEMON_P2P",
              ZMQ_PORT: String(ZMQ_PORT),
              MIN_PEERS: network.private ? "0" : "1",
              BLOCK_TOLERANCE: "1",
              CHECK_IBD: network.private ? "0" : "1",
              LIVENESS_WINDOW_SECONDS: window,
              ...measured.env,
            },
            integerEnv: UTXO_THRESHOLDS,
            scripts: {
              init: script("utxo/daemon/init.sh"),
              startup: script("utxo/daemon/startup.sh"),
              liveness: script("utxo/daemon/liveness.sh"),
              readiness: script("utxo/daemon/readiness.sh"),
            },
            configFiles: [probeLibrary("daemon")],
            resources: props.daemon.resources,
            storage: props.daemon.storage,
          },
          blockbookService({
            config: {
              coin_name: network.blockbookCoinName,
              coin_shortcut: network.shortcut ?? props.shortcut,
              coin_label: network.blockbookCoinName,
              rpc_url: `http://127.0.0.1:${network.rpcPort}`,
              rpc_user: "",
              rpc_pass: "",
              rpc_timeout: 25,
              parse: true,
              message_queue_binding: `tcp://127.0.0.1:${ZMQ_PORT}`,
              block_addresses_to_keep: 300,
              mempool_workers: 8,
              mempool_sub_workers: 2,
              ...network.blockbook,
            },
            env: { LIVENESS_WINDOW_SECONDS: window },
            resources: props.indexer.resources,
            storage: props.indexer.storage,
          }),
        ],
        sidecars: [measured.sidecar],
      };
    },
  };
}
