import { type CoinDefinition, type CoinstackSpec, PortRole, type Resources, type ServiceDefinition, type StorageSpec } from "../../lib/coinstack/definition";
import { EVM_DAEMON_THRESHOLDS, EVM_PORTS, evmIndexer, executionLibraries, executionPorts, JWT_SECRET, l1Dependency } from "../evm";
import { probeMetrics } from "../lib/probe-metrics";
import { referenceCheck, script } from "../lib/scripts";

/**
 * The OP Stack family (optimism, base): op-reth executes the L2, op-node derives it from its L1
 * (an execution and a beacon endpoint) and drives op-reth through the engine API, blockbook indexes
 * it. op-geth left the family: OP Labs ended its support on 2026-05-31 and later hard forks need
 * op-reth.
 *
 * Both OP Labs images are treated as having no shell (the op-node image is distroless; what the
 * op-reth image holds was not read): no init script, flags on the command line, startup and
 * liveness as the kubelet's own TCP connect or GET, readiness in the monitor container. So nothing
 * holds them stopped (maintenance with the daemon stopped, quiesced backups fail synth), and a
 * stalled chain shows in CoinstackHeightStalled rather than in a restart.
 *
 * Mainnet only: blockbook refuses chain ids it has no factory for, and it has none for an OP
 * testnet (bchain/coins/blockchain.go: "Optimism" and "Base" only).
 */
export interface OpStackChain {
  /** op-reth's --chain and op-node's --network (OP_NODE_NETWORK). */
  readonly rethChain: string;
  readonly opNodeNetwork: string;
  /** The chain's sequencer, where op-reth forwards the transactions it is sent (--rollup.sequencer). */
  readonly sequencerUrl: string;
  /** Public JSON-RPC endpoints op-reth's readiness compares its height with; config may override them. */
  readonly referenceEndpoints: readonly string[];
  /** blockbook's coin_name (a key of blockbook's BlockChainFactories). */
  readonly blockbookCoinName: string;
}

export interface OpStackCoinProps {
  readonly name: string;
  /** op-reth. */
  readonly image: string;
  readonly opNodeImage: string;
  readonly indexerImage: string;
  /** The L1 coin of the catalog (ethereum) whose execution and beacon endpoints op-node reads. */
  readonly l1: CoinDefinition;
  readonly chain: OpStackChain;
  /** Liveness window of op-node's height alert and of blockbook: many 2-second blocks. */
  readonly livenessWindowSeconds: number;
  readonly daemon: { readonly resources: Resources; readonly storage: StorageSpec };
  readonly opNode: { readonly resources: Resources; readonly storage: StorageSpec };
  readonly indexer: { readonly resources: Resources; readonly storage: StorageSpec };
}

/** op-reth's ports are geth's (EVM_PORTS) but its metrics; op-node's are its defaults. */
export const OPSTACK_PORTS = { rethMetrics: 9001, opNodeRpc: 9545, opNodeP2p: 9222, opNodeMetrics: 7300 } as const;

/**
 * reth's Prometheus endpoint (--metrics <addr:port>, any path; crates/node/metrics): names are
 * `reth_` and the metric's scope with "." as "_": blockchain_tree.canonical_chain_height
 * (crates/engine/tree/src/tree/metrics.rs), network.connected_peers and network.incoming_connections
 * (crates/net/network/src/metrics.rs). Read in paradigmxyz/reth v2.3.0, the reth op-reth v2.3.3 reports.
 */
const RETH_METRICS = {
  height: { name: "reth_blockchain_tree_canonical_chain_height" },
  peers: { name: "reth_network_connected_peers" },
  inboundPeers: { name: "reth_network_incoming_connections" },
} as const;

/**
 * op-node's metrics (--metrics.enabled, namespace op_node_default: op-node/metrics/metrics.go):
 * refs_number by layer and type (op-service/metrics/ref_metrics.go; l2_unsafe is the tip it
 * follows) and p2p_peer_count. Read at op-node v1.9.4, the newest tag the mirror holds.
 */
const OP_NODE_METRICS = {
  height: { name: "op_node_default_refs_number", matchers: 'layer="l2",type="l2_unsafe"' },
  peers: { name: "op_node_default_p2p_peer_count" },
} as const;

/** Probe thresholds and tunables of op-node's readiness (coinstacks/opstack/op-node/readiness.sh). */
export const OP_NODE_THRESHOLDS = ["MIN_PEERS", "UNSAFE_HEAD_MAX_AGE_SECONDS", "RPC_TIMEOUT", "LIVENESS_WINDOW_SECONDS"] as const;

const RPC_APIS = "eth,net,web3,debug,txpool";

/**
 * op-reth's command line. Receipts and bodies are kept from genesis (blockbook indexes every
 * block), historical state is pruned past reth's minimum distance, as a geth full node does.
 * File logging is off (stdout only): the root filesystem is read-only.
 */
function rethArgs(chain: OpStackChain): string[] {
  const p = EVM_PORTS;
  return [
    "node",
    `--chain=${chain.rethChain}`,
    "--datadir=/data",
    "--log.file.max-files=0",
    "--http", "--http.addr=0.0.0.0", `--http.port=${p.rpc}`, `--http.api=${RPC_APIS}`,
    "--ws", "--ws.addr=0.0.0.0", `--ws.port=${p.ws}`, `--ws.api=${RPC_APIS}`,
    "--authrpc.addr=127.0.0.1", `--authrpc.port=${p.auth}`, "--authrpc.jwtsecret=/secrets/jwt.hex",
    `--port=${p.p2p}`, `--discovery.port=${p.p2p}`,
    `--metrics=0.0.0.0:${OPSTACK_PORTS.rethMetrics}`,
    `--rollup.sequencer=${chain.sequencerUrl}`,
    "--prune.account-history.distance=10064", "--prune.storage-history.distance=10064",
  ];
}

function opReth(props: OpStackCoinProps, measured: ReturnType<typeof probeMetrics>): ServiceDefinition {
  return {
    name: "daemon",
    image: props.image,
    command: ["op-reth"],
    args: rethArgs(props.chain),
    ports: executionPorts(OPSTACK_PORTS.rethMetrics, RETH_METRICS),
    env: {
      RPC_PORT: String(EVM_PORTS.rpc),
      MIN_PEERS: "1",
      // 2-second blocks: the references answer a few blocks apart.
      ...referenceCheck(props.chain.referenceEndpoints, 30),
      LIVENESS_WINDOW_SECONDS: String(props.livenessWindowSeconds),
      ...measured.env,
    },
    integerEnv: EVM_DAEMON_THRESHOLDS,
    urlEnv: ["REFERENCE_ENDPOINTS"],
    scripts: { readiness: script("evm/daemon/readiness.sh") },
    networkProbes: { startup: { tcpSocket: { port: "daemon-rpc" } }, liveness: { tcpSocket: { port: "daemon-rpc" } } },
    // The RPC listens within seconds of a start, also while a database migration runs.
    probes: { readiness: { timeoutSeconds: 20 } },
    monitor: true,
    configFiles: executionLibraries("daemon"),
    resources: props.daemon.resources,
    storage: props.daemon.storage,
  };
}

/** op-node, configured entirely by its OP_NODE_* environment (op-node/flags, op-service/flags). */
function opNode(props: OpStackCoinProps): ServiceDefinition {
  return {
    name: "op-node",
    image: props.opNodeImage,
    command: ["op-node"],
    ports: [
      { name: "op-node-rpc", port: OPSTACK_PORTS.opNodeRpc, role: PortRole.RPC },
      { name: "op-node-p2p", port: OPSTACK_PORTS.opNodeP2p, role: PortRole.P2P },
      { name: "op-node-disc", port: OPSTACK_PORTS.opNodeP2p, role: PortRole.P2P, protocol: "UDP" },
      { name: "op-node-metrics", port: OPSTACK_PORTS.opNodeMetrics, role: PortRole.METRICS, metrics: OP_NODE_METRICS },
    ],
    env: {
      OP_NODE_NETWORK: props.chain.opNodeNetwork,
      OP_NODE_L2_ENGINE_RPC: `http://127.0.0.1:${EVM_PORTS.auth}`,
      OP_NODE_L2_ENGINE_AUTH: "/secrets/jwt.hex",
      OP_NODE_L2_ENGINE_KIND: "reth",
      // op-reth syncs the chain from its peers; op-node then follows and derives from L1.
      OP_NODE_SYNCMODE: "execution-layer",
      OP_NODE_RPC_ADDR: "0.0.0.0",
      OP_NODE_RPC_PORT: String(OPSTACK_PORTS.opNodeRpc),
      OP_NODE_METRICS_ENABLED: "true",
      OP_NODE_METRICS_ADDR: "0.0.0.0",
      OP_NODE_METRICS_PORT: String(OPSTACK_PORTS.opNodeMetrics),
      OP_NODE_P2P_LISTEN_TCP_PORT: String(OPSTACK_PORTS.opNodeP2p),
      OP_NODE_P2P_LISTEN_UDP_PORT: String(OPSTACK_PORTS.opNodeP2p),
      // Its identity and peer databases on its volume (the root filesystem is read-only).
      OP_NODE_P2P_PRIV_PATH: "/data/opnode_p2p_priv.txt",
      OP_NODE_P2P_PEERSTORE_PATH: "/data/opnode_peerstore_db",
      OP_NODE_P2P_DISCOVERY_PATH: "/data/opnode_discovery_db",
      OP_NODE_SAFEDB_PATH: "/data/safedb",
      RPC_PORT: String(OPSTACK_PORTS.opNodeRpc),
      MIN_PEERS: "1",
      UNSAFE_HEAD_MAX_AGE_SECONDS: "120",
      LIVENESS_WINDOW_SECONDS: String(props.livenessWindowSeconds),
    },
    integerEnv: OP_NODE_THRESHOLDS,
    scripts: { readiness: script("opstack/op-node/readiness.sh") },
    networkProbes: { startup: { httpGet: { path: "/healthz", port: "op-node-rpc" } }, liveness: { httpGet: { path: "/healthz", port: "op-node-rpc" } } },
    monitor: true,
    configFiles: executionLibraries("op-node"),
    resources: props.opNode.resources,
    storage: props.opNode.storage,
  };
}

export function opstackCoin(props: OpStackCoinProps): CoinDefinition {
  return {
    name: props.name,
    family: "opstack",
    networks: ["mainnet"],
    // op-node and op-reth advertise their own listening ports and addresses, not a NodePort's or a load balancer's.
    p2pExposures: [],
    dependencies: [l1Dependency(props.l1, ["op-node"], { execution: "OP_NODE_L1_ETH_RPC", beacon: "OP_NODE_L1_BEACON" })],
    spec(networkName: string): CoinstackSpec {
      if (networkName !== "mainnet") throw new Error(`${props.name}: no network ${networkName}`);
      // op-reth measures its height and peers, not how far it is behind the reference endpoints: its readiness probe does.
      const measured = probeMetrics("daemon", ["syncLag"]);
      return {
        secrets: [JWT_SECRET],
        services: [
          opReth(props, measured),
          opNode(props),
          evmIndexer({
            image: props.indexerImage,
            coinName: props.chain.blockbookCoinName,
            shortcut: "ETH",
            livenessWindowSeconds: String(props.livenessWindowSeconds),
            backend: { port: EVM_PORTS.rpc },
            chainConfig: {
              averageBlockTimeMs: 2000,
              mempoolTxTimeoutHours: 12,
              queryBackendOnMempoolResync: false,
              disableMempoolSync: true,
            },
            resources: props.indexer.resources,
            storage: props.indexer.storage,
          }),
        ],
        sidecars: [measured.sidecar],
      };
    },
  };
}
