import { type ConfigFile, type MetricsEndpoint, PortRole, type Resources, type ServiceDefinition, type StorageSpec } from "../../lib/coinstack/definition";
import { probeLibrary, referenceCheck, script, tipLibrary } from "../lib/scripts";

/** Probe thresholds and tunables of a CometBFT node's scripts, as environment variables (see their header comments). */
export const COMETBFT_THRESHOLDS = ["MIN_PEERS", "BLOCK_TOLERANCE", "REFERENCE_QUORUM", "REFERENCE_TIMEOUT", "LIVENESS_WINDOW_SECONDS", "RPC_TIMEOUT", "STATE_SYNC_TRUST_OFFSET"] as const;

/** What a CometBFT node's scripts source: probe-lib.sh, tip-lib.sh and cometbft-lib.sh. */
export function cometbftLibraries(service: string): ConfigFile[] {
  return [probeLibrary(service), tipLibrary(service), { key: `${service}-cometbft-lib.sh`, mountPath: "/cometbft-lib.sh", content: script("cometbft/cometbft-lib.sh") }];
}

/** The ports of a Cosmos SDK node. */
export interface CosmosSdkPorts {
  readonly rpc: number;
  readonly p2p: number;
  /** The SDK's REST API (the "LCD"). */
  readonly api: number;
  readonly grpc: number;
  readonly metrics: number;
}

/** CometBFT's and the Cosmos SDK's default ports (gaiad's, and the Cosmos Hub's). */
export const COSMOS_SDK_PORTS: CosmosSdkPorts = { rpc: 26657, p2p: 26656, api: 1317, grpc: 9090, metrics: 26660 };

/**
 * CometBFT's Prometheus metrics (instrumentation.prometheus; namespace "cometbft" by default):
 * consensus_height and p2p_peers, read in cometbft's consensus/metrics.gen.go and p2p/metrics.gen.go
 * at v0.38.23 (gaia v28's).
 */
export function cometbftMetrics(namespace: string): MetricsEndpoint {
  return { height: { name: `${namespace}_consensus_height` }, peers: { name: `${namespace}_p2p_peers` } };
}

/** The chain a Cosmos SDK node joins. */
export interface CosmosChain {
  readonly chainId: string;
  /** Where the genesis JSON is published (.json, or .json.gz), and the JSON's checksum: `sha256:<hex>` or `sha512:<hex>`. */
  readonly genesis: { readonly url: string; readonly checksum: string };
  readonly seeds: readonly string[];
  /**
   * CometBFT RPC endpoints state sync trusts (at least two), and the trust period, under the chain's
   * unbonding time. @default none: the node replays the chain from its genesis
   */
  readonly stateSync?: { readonly rpcServers: readonly string[]; readonly trustPeriod: string };
  /** Public CometBFT RPC endpoints readiness compares the height with; config may override them. */
  readonly referenceEndpoints: readonly string[];
  /** The mempool's minimum fee, e.g. "0.0025uatom". @default the node's own */
  readonly minGasPrices?: string;
}

export interface CosmosSdkNodeProps {
  /** The service's name, the prefix of its ports' names. @default "daemon" */
  readonly name?: string;
  readonly image: string;
  /** The node's executable on the image's PATH (gaiad): the command, and the prefix of its config environment. */
  readonly binary: string;
  readonly chain: CosmosChain;
  /** Blocks readiness lets the node be behind the references. */
  readonly blockTolerance: number;
  readonly livenessWindowSeconds: number;
  /** The probe-metrics environment of the pod's exporter. */
  readonly measuredEnv: Readonly<Record<string, string>>;
  /**
   * Route the SDK's REST API publicly under /lcd (the coinstack's public face, when no indexer is).
   * @default true
   */
  readonly publicApi?: boolean;
  /** Further flags of the node's `start`, as the init script's arguments (`$(VAR)` expands as the kubelet does). @default none */
  readonly startFlags?: readonly string[];
  /** Startup probe failures allowed, 30 s apart (a large genesis takes long to fetch and load). @default 60 */
  readonly startupFailureThreshold?: number;
  readonly resources: Resources;
  readonly storage: StorageSpec;
}

/**
 * A Cosmos SDK node (gaiad, heimdalld) as a service, run by the CometBFT scripts
 * (coinstacks/cometbft/daemon): its init joins the chain (genesis checked, state sync), and its
 * probes read the CometBFT RPC. The SDK's REST API is the coinstack's public face unless an indexer
 * is (routed under /lcd, as the original did); the CometBFT RPC and gRPC stay inside the coinstack.
 * Peers are dialled out only: the node advertises no external address.
 */
export function cosmosSdkNode(props: CosmosSdkNodeProps): ServiceDefinition {
  const ports = COSMOS_SDK_PORTS;
  const name = props.name ?? "daemon";
  const api = props.publicApi === false ? { role: PortRole.RPC } : { role: PortRole.API, route: { pathPrefix: "/lcd", stripPrefix: true } };
  // Port names are at most 15 characters: a longer service name shortens "metrics".
  const metricsPort = `${name}-metrics`.length <= 15 ? `${name}-metrics` : `${name}-prom`;
  return {
    name,
    image: props.image,
    ports: [
      { name: `${name}-rpc`, port: ports.rpc, role: PortRole.RPC },
      { name: `${name}-p2p`, port: ports.p2p, role: PortRole.P2P },
      { name: `${name}-api`, port: ports.api, ...api },
      { name: `${name}-grpc`, port: ports.grpc, role: PortRole.RPC },
      { name: metricsPort, port: ports.metrics, role: PortRole.METRICS, metrics: cometbftMetrics("cometbft") },
    ],
    env: {
      CHAIN_BINARY: props.binary,
      CHAIN_ID: props.chain.chainId,
      GENESIS_URL: props.chain.genesis.url,
      GENESIS_CHECKSUM: props.chain.genesis.checksum,
      SEEDS: props.chain.seeds.join(","),
      ...(props.chain.minGasPrices ? { MIN_GAS_PRICES: props.chain.minGasPrices } : {}),
      ...(props.chain.stateSync
        ? { STATE_SYNC_RPC_SERVERS: props.chain.stateSync.rpcServers.join(","), STATE_SYNC_TRUST_PERIOD: props.chain.stateSync.trustPeriod }
        : {}),
      RPC_PORT: String(ports.rpc),
      P2P_PORT: String(ports.p2p),
      API_PORT: String(ports.api),
      GRPC_PORT: String(ports.grpc),
      METRICS_PORT: String(ports.metrics),
      MIN_PEERS: "1",
      ...referenceCheck(props.chain.referenceEndpoints, props.blockTolerance),
      LIVENESS_WINDOW_SECONDS: String(props.livenessWindowSeconds),
      ...props.measuredEnv,
    },
    integerEnv: COMETBFT_THRESHOLDS,
    ...(props.startFlags ? { args: props.startFlags } : {}),
    urlEnv: ["REFERENCE_ENDPOINTS", "STATE_SYNC_RPC_SERVERS", "GENESIS_URL"],
    scripts: {
      init: script("cometbft/daemon/init.sh"),
      startup: script("cometbft/daemon/startup.sh"),
      liveness: script("cometbft/daemon/liveness.sh"),
      readiness: script("cometbft/daemon/readiness.sh"),
    },
    // Three reference endpoints at REFERENCE_TIMEOUT (3 s) each plus the local calls.
    probes: { readiness: { timeoutSeconds: 20 }, ...(props.startupFailureThreshold ? { startup: { failureThreshold: props.startupFailureThreshold } } : {}) },
    configFiles: cometbftLibraries(name),
    resources: props.resources,
    storage: props.storage,
  };
}
