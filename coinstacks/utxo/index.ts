import { type CoinDefinition, type CoinstackSpec, PortRole, type Resources, type StorageSpec } from "../../lib/coinstack/definition";
import { blockbookService } from "../blockbook";
import { probeLibrary, RPC_SECRETS, script } from "../lib/scripts";

/** What differs between bitcoind-family networks. */
export interface UtxoNetwork {
  /** Daemon flag selecting the network (e.g. "-testnet"); none on mainnet. */
  readonly flag?: string;
  readonly rpcPort: number;
  readonly p2pPort: number;
  /** blockbook's coin_name for this network. */
  readonly blockbookCoinName: string;
}

export interface UtxoCoinProps {
  readonly name: string;
  /** Daemon binary in the image, e.g. bitcoind. */
  readonly binary: string;
  readonly image: string;
  readonly shortcut: string;
  /** First network is the default and is called mainnet. */
  readonly networks: Readonly<Record<string, UtxoNetwork>> & { readonly mainnet: UtxoNetwork };
  readonly daemon: { readonly resources: Resources; readonly storage: StorageSpec };
  readonly indexer: { readonly resources: Resources; readonly storage: StorageSpec };
}

const ZMQ_PORT = 28332;

/**
 * The UTXO family: a bitcoind-compatible daemon plus blockbook, sharing
 * generated RPC credentials. The daemon's RPC is reachable only inside the
 * coinstack; blockbook's API is the public face.
 */
export function utxoCoin(props: UtxoCoinProps): CoinDefinition {
  const networks = Object.keys(props.networks) as [string, ...string[]];
  return {
    name: props.name,
    networks: ["mainnet", ...networks.filter((n) => n !== "mainnet")],
    spec(networkName: string): CoinstackSpec {
      const network = props.networks[networkName];
      if (!network) throw new Error(`${props.name}: no network ${networkName}`);
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
            },
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
              coin_shortcut: props.shortcut,
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
            },
            resources: props.indexer.resources,
            storage: props.indexer.storage,
          }),
        ],
      };
    },
  };
}
