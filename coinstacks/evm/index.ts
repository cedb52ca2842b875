import { type CoinDefinition, type CoinDependency, type CoinstackSpec, type ConfigFile, type MetricsEndpoint, type PortDefinition, PortRole, type Resources, type ServiceDefinition, type StorageSpec } from "../../lib/coinstack/definition";
import { blockbookService } from "../blockbook";
import { probeMetrics } from "../lib/probe-metrics";
import { probeLibrary, referenceCheck, script, tipLibrary } from "../lib/scripts";

/** What differs between the networks of an EVM chain. */
export interface EvmNetwork {
  /** geth flag selecting the network (e.g. "--sepolia"); none on mainnet. */
  readonly flag?: string;
  /** Lighthouse's --network name. */
  readonly beaconNetwork: string;
  /** Beacon API the beacon node starts from (checkpoint sync); config may override it. */
  readonly checkpointSyncUrl: string;
  /** Public JSON-RPC endpoints readiness compares the height with; config may override them. */
  readonly referenceEndpoints: readonly string[];
  /** blockbook's coin_name (a key of blockbook's BlockChainFactories). */
  readonly blockbookCoinName: string;
  /** blockbook's coin_shortcut. */
  readonly shortcut: string;
}

export interface EvmCoinProps {
  readonly name: string;
  readonly image: string;
  readonly beaconImage: string;
  /** @default the blockbook service's default image */
  readonly indexerImage?: string;
  /** Liveness window (LIVENESS_WINDOW_SECONDS) of geth, the beacon node and blockbook: many slot times. */
  readonly livenessWindowSeconds: number;
  /** Every network this catalog offers; mainnet is the default. */
  readonly networks: Readonly<Record<string, EvmNetwork>> & { readonly mainnet: EvmNetwork };
  readonly daemon: { readonly resources: Resources; readonly storage: StorageSpec };
  readonly beacon: { readonly resources: Resources; readonly storage: StorageSpec };
  readonly indexer: { readonly resources: Resources; readonly storage: StorageSpec };
}

/** geth's and Lighthouse's default ports. */
export const EVM_PORTS = { rpc: 8545, ws: 8546, auth: 8551, p2p: 30303, metrics: 6060, beaconApi: 5052, beaconP2p: 9000, beaconQuic: 9001, beaconMetrics: 5054 } as const;

/**
 * geth's metrics server (--metrics, --metrics.addr, --metrics.port: cmd/utils/flags.go at v1.17.1):
 * Prometheus text at /debug/metrics/prometheus (metrics/exp/exp.go), its registry's names with "/"
 * turned into "_" (metrics/prometheus/collector.go): "chain/head/block" (core/blockchain.go),
 * "p2p/peers" and "p2p/peers/inbound" (p2p/metrics.go).
 */
export const GETH_METRICS = { path: "/debug/metrics/prometheus", height: { name: "chain_head_block" }, peers: { name: "p2p_peers" }, inboundPeers: { name: "p2p_peers_inbound" } } as const;

/**
 * Lighthouse's metrics server (--metrics, --metrics-address, --metrics-port: beacon_node/src/cli.rs)
 * at /metrics (beacon_node/http_metrics): beacon_head_slot (beacon_chain/src/metrics.rs), the
 * wall-clock slot slotclock_present_slot (common/slot_clock/src/metrics.rs, scraped by http_metrics),
 * libp2p_peers, and libp2p_peers_multi by direction and transport (lighthouse_network/src/metrics.rs,
 * peer_manager/mod.rs). Read at v5.3.0, the newest tag the mirror holds; the image runs v8.1.2.
 */
const LIGHTHOUSE_METRICS = {
  height: { name: "beacon_head_slot" },
  syncTarget: { name: "slotclock_present_slot" },
  peers: { name: "libp2p_peers" },
  inboundPeers: { name: "libp2p_peers_multi", matchers: 'direction="inbound"' },
} as const;

/**
 * An execution client's ports (geth's, which op-reth keeps): JSON-RPC over HTTP and websocket for
 * the coinstack, the engine API for the pod (none for a chain without a consensus client), devp2p,
 * and its metrics.
 */
export function executionPorts(metricsPort: number, metrics: MetricsEndpoint, engineApi = true): PortDefinition[] {
  return [
    { name: "daemon-rpc", port: EVM_PORTS.rpc, role: PortRole.RPC },
    { name: "daemon-ws", port: EVM_PORTS.ws, role: PortRole.RPC },
    ...(engineApi ? [{ name: "daemon-auth", port: EVM_PORTS.auth, role: PortRole.AUTH }] : []),
    { name: "daemon-p2p", port: EVM_PORTS.p2p, role: PortRole.P2P },
    { name: "daemon-disc", port: EVM_PORTS.p2p, role: PortRole.P2P, protocol: "UDP" },
    { name: "daemon-metrics", port: metricsPort, role: PortRole.METRICS, metrics },
  ];
}

/** blockbook's config for a chain served by an execution client in the pod (its websocket), the chain's own settings aside. */
function evmBlockbookConfig(coinName: string, shortcut: string): Record<string, unknown> {
  return {
    coin_name: coinName,
    coin_shortcut: shortcut,
    coin_label: coinName,
    rpc_url: `ws://127.0.0.1:${EVM_PORTS.ws}`,
    rpc_timeout: 25,
    parse: true,
    mempool_workers: 8,
    mempool_sub_workers: 2,
    block_addresses_to_keep: 300,
  };
}

export interface EvmIndexerProps {
  /** @default the blockbook service's default image */
  readonly image?: string;
  /** blockbook's coin_name (a key of its BlockChainFactories) and coin_shortcut. */
  readonly coinName: string;
  readonly shortcut: string;
  /** The chain's own settings, after the shared ones (rpc_url among them where the websocket is not geth's). @default {} */
  readonly chainConfig?: Readonly<Record<string, unknown>>;
  readonly livenessWindowSeconds: string;
  /** The execution client's HTTP JSON-RPC that blockbook's init waits for. */
  readonly backend: { readonly port: number; readonly path?: string };
  readonly resources: Resources;
  readonly storage: StorageSpec;
}

/** blockbook on an execution client in the pod: its EVM init waits for the client's JSON-RPC, then indexes from its websocket. */
export function evmIndexer(props: EvmIndexerProps): ServiceDefinition {
  return blockbookService({
    image: props.image,
    init: script("evm/blockbook-init.sh"),
    config: { ...evmBlockbookConfig(props.coinName, props.shortcut), ...props.chainConfig },
    env: {
      LIVENESS_WINDOW_SECONDS: props.livenessWindowSeconds,
      BACKEND_RPC_PORT: String(props.backend.port),
      ...(props.backend.path ? { BACKEND_RPC_PATH: props.backend.path } : {}),
    },
    resources: props.resources,
    storage: props.storage,
  });
}

export interface GethServiceProps {
  readonly image: string;
  /** --sepolia, --mainnet (BNB Smart Chain's fork)...; empty on Ethereum's mainnet. */
  readonly networkFlag: string;
  /** Whether a consensus client in the pod drives it through the engine API (with the JWT). */
  readonly engineApi: boolean;
  readonly referenceEndpoints: readonly string[];
  readonly blockTolerance: number;
  readonly livenessWindowSeconds: string;
  /** The probe-metrics environment of the pod's exporter. */
  readonly measuredEnv: Readonly<Record<string, string>>;
  readonly resources: Resources;
  readonly storage: StorageSpec;
}

/** geth (or a fork of it) as the `daemon` service, run by geth's scripts (coinstacks/evm/daemon). */
export function gethService(props: GethServiceProps): ServiceDefinition {
  return {
    name: "daemon",
    image: props.image,
    ports: executionPorts(EVM_PORTS.metrics, GETH_METRICS, props.engineApi),
    env: {
      NETWORK_FLAG: props.networkFlag,
      RPC_PORT: String(EVM_PORTS.rpc),
      WS_PORT: String(EVM_PORTS.ws),
      ...(props.engineApi ? { AUTH_PORT: String(EVM_PORTS.auth) } : {}),
      P2P_PORT: String(EVM_PORTS.p2p),
      METRICS_PORT: String(EVM_PORTS.metrics),
      MIN_PEERS: "1",
      ...referenceCheck(props.referenceEndpoints, props.blockTolerance),
      LIVENESS_WINDOW_SECONDS: props.livenessWindowSeconds,
      ...props.measuredEnv,
    },
    integerEnv: EVM_DAEMON_THRESHOLDS,
    urlEnv: ["REFERENCE_ENDPOINTS"],
    scripts: {
      init: script("evm/daemon/init.sh"),
      startup: script("evm/daemon/startup.sh"),
      liveness: script("evm/daemon/liveness.sh"),
      readiness: script("evm/daemon/readiness.sh"),
    },
    // Three reference endpoints at REFERENCE_TIMEOUT (3 s) each plus the local calls.
    probes: { readiness: { timeoutSeconds: 20 } },
    configFiles: executionLibraries("daemon"),
    resources: props.resources,
    storage: props.storage,
  };
}

/** The engine-API JWT: 32 random bytes as 64 hex characters, read by geth and the beacon node from /secrets. */
export const JWT_SECRET = { key: "jwt.hex", hex: true, length: 64 } as const;

/** Probe thresholds and tunables of geth, as environment variables (see the scripts' header comments). */
export const EVM_DAEMON_THRESHOLDS = ["MIN_PEERS", "BLOCK_TOLERANCE", "REFERENCE_QUORUM", "REFERENCE_TIMEOUT", "LIVENESS_WINDOW_SECONDS", "RPC_TIMEOUT", "MAX_PEERS", "CACHE_MB"] as const;
export const EVM_BEACON_THRESHOLDS = ["MIN_PEERS", "TARGET_PEERS", "LIVENESS_WINDOW_SECONDS", "RPC_TIMEOUT"] as const;

/** A helper library of the family (evm-lib.sh, beacon-lib.sh), mounted at /<file> in a service's containers. */
export function evmLibrary(service: string, file: "evm-lib.sh" | "beacon-lib.sh"): ConfigFile {
  return { key: `${service}-${file}`, mountPath: `/${file}`, content: script(`evm/${file}`) };
}

/**
 * A chain that reads its Ethereum L1 on mainnet (an L2, polygon's heimdall): the `l1` dependency of
 * `services`, the L1's execution JSON-RPC in the variable `env.execution` and, where named, its beacon
 * API in `env.beacon`.
 */
export function l1Dependency(provider: CoinDefinition, services: readonly string[], env: { readonly execution: string; readonly beacon?: string }): CoinDependency {
  return {
    name: "l1",
    provider,
    networks: { mainnet: "mainnet" },
    services,
    endpoints: [
      { name: "execution", env: env.execution, port: "daemon-rpc" },
      ...(env.beacon ? [{ name: "beacon", env: env.beacon, port: "beacon-api" }] : []),
    ],
  };
}

/** What an execution client's scripts source: probe-lib.sh, tip-lib.sh and evm-lib.sh. */
export function executionLibraries(service: string): ConfigFile[] {
  return [probeLibrary(service), tipLibrary(service), evmLibrary(service, "evm-lib.sh")];
}

export interface BeaconServiceProps {
  readonly image: string;
  /** Lighthouse's --network (mainnet, sepolia, gnosis...). */
  readonly network: string;
  /** Beacon API the node starts from (checkpoint sync); config may override it. */
  readonly checkpointSyncUrl: string;
  readonly livenessWindowSeconds: string;
  readonly resources: Resources;
  readonly storage: StorageSpec;
}

/** Lighthouse as the `daemon-beacon` service, driving the pod's execution client through the engine API with the JWT. */
export function beaconService(props: BeaconServiceProps): ServiceDefinition {
  return {
    name: "daemon-beacon",
    image: props.image,
    ports: [
      { name: "beacon-api", port: EVM_PORTS.beaconApi, role: PortRole.RPC },
      { name: "beacon-p2p", port: EVM_PORTS.beaconP2p, role: PortRole.P2P },
      { name: "beacon-disc", port: EVM_PORTS.beaconP2p, role: PortRole.P2P, protocol: "UDP" },
      { name: "beacon-quic", port: EVM_PORTS.beaconQuic, role: PortRole.P2P, protocol: "UDP" },
      { name: "beacon-metrics", port: EVM_PORTS.beaconMetrics, role: PortRole.METRICS, metrics: LIGHTHOUSE_METRICS },
    ],
    env: {
      BEACON_NETWORK: props.network,
      BEACON_PORT: String(EVM_PORTS.beaconApi),
      AUTH_PORT: String(EVM_PORTS.auth),
      P2P_PORT: String(EVM_PORTS.beaconP2p),
      QUIC_PORT: String(EVM_PORTS.beaconQuic),
      METRICS_PORT: String(EVM_PORTS.beaconMetrics),
      CHECKPOINT_SYNC_URL: props.checkpointSyncUrl,
      MIN_PEERS: "1",
      LIVENESS_WINDOW_SECONDS: props.livenessWindowSeconds,
    },
    integerEnv: EVM_BEACON_THRESHOLDS,
    urlEnv: ["CHECKPOINT_SYNC_URL"],
    scripts: {
      init: script("evm/beacon/init.sh"),
      startup: script("evm/beacon/startup.sh"),
      liveness: script("evm/beacon/liveness.sh"),
      readiness: script("evm/beacon/readiness.sh"),
    },
    // Before its API listens, Lighthouse downloads the checkpoint state (minutes from
    // a slow provider) and migrates its database after an upgrade: an hour (120 x 30 s).
    probes: { startup: { failureThreshold: 120 } },
    // The Lighthouse image has no curl or jq: readiness (curl, jq) runs in the monitor
    // container; startup and liveness run in Lighthouse's own container, so a failing
    // liveness restarts Lighthouse, with bash's /dev/tcp as their client (beacon-lib.sh).
    monitor: true,
    configFiles: [probeLibrary("daemon-beacon"), evmLibrary("daemon-beacon", "beacon-lib.sh")],
    resources: props.resources,
    storage: props.storage,
  };
}

/**
 * The EVM family (proof of stake): geth, a Lighthouse beacon node driving it through
 * the engine API with a generated JWT, and blockbook on geth's websocket. geth's
 * RPC and the beacon API stay inside the coinstack, the engine API inside the pod;
 * blockbook's API is the public face.
 *
 * Inbound P2P is not offered: geth advertises its own listening port and an IP (not
 * the NodePort, not a load balancer's DNS name), so behind either it would announce
 * an address where nobody answers. Both clients sync with outbound peers.
 */
export function evmCoin(props: EvmCoinProps): CoinDefinition {
  return {
    name: props.name,
    family: "evm",
    networks: ["mainnet", ...Object.keys(props.networks).filter((n) => n !== "mainnet")],
    p2pExposures: [],
    spec(networkName: string): CoinstackSpec {
      const network = props.networks[networkName];
      if (!network) throw new Error(`${props.name}: no network ${networkName}`);
      const window = String(props.livenessWindowSeconds);
      // geth measures its own height and peers, not how far it is behind the reference endpoints: its readiness probe does.
      const measured = probeMetrics("daemon", ["syncLag"]);
      return {
        secrets: [JWT_SECRET],
        services: [
          gethService({
            image: props.image,
            networkFlag: network.flag ?? "",
            engineApi: true,
            referenceEndpoints: network.referenceEndpoints,
            blockTolerance: 5,
            livenessWindowSeconds: window,
            measuredEnv: measured.env,
            resources: props.daemon.resources,
            storage: props.daemon.storage,
          }),
          beaconService({ image: props.beaconImage, network: network.beaconNetwork, checkpointSyncUrl: network.checkpointSyncUrl, livenessWindowSeconds: window, ...props.beacon }),
          evmIndexer({
            image: props.indexerImage,
            coinName: network.blockbookCoinName,
            shortcut: network.shortcut,
            livenessWindowSeconds: window,
            backend: { port: EVM_PORTS.rpc },
            chainConfig: {
              consensusNodeVersion: `http://127.0.0.1:${EVM_PORTS.beaconApi}/eth/v1/node/version`,
              eip1559Fees: true,
              mempoolTxTimeoutHours: 48,
              queryBackendOnMempoolResync: false,
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
