import { type CoinDefinition, type CoinstackSpec, PortRole, type ServiceDefinition } from "../../lib/coinstack/definition";
import { COMETBFT_THRESHOLDS, cometbftLibraries } from "../cometbft";
import { probeMetrics } from "../lib/probe-metrics";
import { probeLibrary, referenceCheck, script, tipLibrary } from "../lib/scripts";

/**
 * thornode mainnet-3.19.3: the release the network runs since August 2026 by a third-party account
 * (3.15.2, February 2026, is the newest confirmed; an older release halts at the next upgrade height).
 * Debian slim with bash, curl and jq, no wget; its CMD is /scripts/fullnode.sh (thornode's Dockerfile).
 */
export const THORNODE_IMAGE = "registry.gitlab.com/thorchain/thornode:mainnet-3.19.3";
/** Midgard 2.32.6: Debian slim with curl and wget, no jq; the binary at /midgard (its Dockerfile). */
export const MIDGARD_IMAGE = "registry.gitlab.com/thorchain/midgard:2.32.6";
/** TimescaleDB 2.13.0 on PostgreSQL 15 (alpine), the version Midgard's docs and charts run. */
export const TIMESCALEDB_IMAGE = "timescale/timescaledb:2.13.0-pg15";

/** thornode's mainnet ports (its config_mainnet.go and default.yaml), Midgard's and PostgreSQL's. */
export const THORCHAIN_PORTS = { rpc: 27147, p2p: 27146, api: 1317, midgard: 8080, db: 5432 } as const;

/** Midgard's database: user and database `midgard`, the password generated into the coinstack's Secret. */
const DB = { user: "midgard", database: "midgard", passwordKey: "timescale-password" } as const;

/**
 * Midgard's config (its config/config.go; unknown keys are fatal there): thornode in the pod, its
 * database in the pod without the password (Midgard's init exports it from the Secret file), its
 * block store on its volume. No remote block store (Nine Realms', the docs' one, is gone).
 */
const MIDGARD_CONFIG = {
  listen_port: THORCHAIN_PORTS.midgard,
  max_block_age: "60s",
  thorchain: {
    tendermint_url: `http://127.0.0.1:${THORCHAIN_PORTS.rpc}/websocket`,
    thornode_url: `http://127.0.0.1:${THORCHAIN_PORTS.api}/thorchain`,
    fetch_batch_size: 10,
    parallelism: 2,
    read_timeout: "32s",
  },
  timescale: { host: "127.0.0.1", port: THORCHAIN_PORTS.db, user_name: DB.user, database: DB.database, sslmode: "disable", commit_batch_size: 100, max_open_conns: 80 },
  blockstore: { local: "/data/blockstore" },
  websockets: { enable: false },
};

/** thornode through its image's full-node script, probed by the CometBFT scripts on its RPC. */
function thornode(measuredEnv: Readonly<Record<string, string>>): ServiceDefinition {
  return {
    name: "daemon",
    image: THORNODE_IMAGE,
    ports: [
      { name: "daemon-rpc", port: THORCHAIN_PORTS.rpc, role: PortRole.RPC },
      { name: "daemon-p2p", port: THORCHAIN_PORTS.p2p, role: PortRole.P2P },
      { name: "daemon-api", port: THORCHAIN_PORTS.api, role: PortRole.API, route: { pathPrefix: "/lcd", stripPrefix: true } },
    ],
    env: {
      NET: "mainnet",
      CHAIN_ID: "thorchain-1",
      // The network's node list, where the seeds are found (Nine Realms' endpoint, the image's default, is gone).
      THOR_SEED_NODES_ENDPOINT: "https://gateway.liquify.com/chain/thorchain_api/thorchain/nodes",
      THOR_AUTO_STATE_SYNC_ENABLED: "false",
      // Midgard follows thornode's websocket: the original's buffers.
      THOR_TENDERMINT_RPC_EXPERIMENTAL_SUBSCRIPTION_BUFFER_SIZE: "5000",
      THOR_TENDERMINT_RPC_EXPERIMENTAL_WEBSOCKET_WRITE_BUFFER_SIZE: "5000",
      RPC_PORT: String(THORCHAIN_PORTS.rpc),
      MIN_PEERS: "1",
      ...referenceCheck(["https://gateway.liquify.com/chain/thorchain_rpc"], 5),
      // 6-second blocks: 15 minutes (150 blocks) without a new block is a stuck node.
      LIVENESS_WINDOW_SECONDS: "900",
      ...measuredEnv,
    },
    integerEnv: COMETBFT_THRESHOLDS,
    urlEnv: ["REFERENCE_ENDPOINTS", "THOR_SEED_NODES_ENDPOINT"],
    scripts: {
      init: script("thorchain/daemon/init.sh"),
      startup: script("cometbft/daemon/startup.sh"),
      liveness: script("cometbft/daemon/liveness.sh"),
      readiness: script("cometbft/daemon/readiness.sh"),
    },
    // A first start fetches the genesis from its seeds: two hours (240 x 30 s).
    probes: { startup: { failureThreshold: 240 }, readiness: { timeoutSeconds: 20 } },
    configFiles: cometbftLibraries("daemon"),
    resources: { requests: { cpu: "2", memory: "12Gi" }, limits: { cpu: "4", memory: "12Gi" } },
    storage: { size: "1500Gi" },
  };
}

/** Midgard, THORChain's indexer and the coinstack's public API. */
function midgard(): ServiceDefinition {
  return {
    name: "indexer",
    image: MIDGARD_IMAGE,
    ports: [{ name: "midgard", port: THORCHAIN_PORTS.midgard, role: PortRole.API, route: {} }],
    env: { MIDGARD_CONFIG: "/config/midgard.json", MIDGARD_PORT: String(THORCHAIN_PORTS.midgard), LIVENESS_WINDOW_SECONDS: "900" },
    integerEnv: ["LIVENESS_WINDOW_SECONDS", "RPC_TIMEOUT"],
    scripts: {
      init: script("thorchain/midgard/init.sh"),
      startup: script("thorchain/midgard/startup.sh"),
      liveness: script("thorchain/midgard/liveness.sh"),
      readiness: script("thorchain/midgard/readiness.sh"),
    },
    configFiles: [
      probeLibrary("indexer"),
      tipLibrary("indexer"),
      { key: "indexer-midgard-lib.sh", mountPath: "/midgard-lib.sh", content: script("thorchain/midgard/midgard-lib.sh") },
      { key: "indexer-midgard.json", mountPath: "/config/midgard.json", content: `${JSON.stringify(MIDGARD_CONFIG, null, 2)}\n` },
    ],
    resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "2Gi" } },
    storage: { size: "500Gi" },
  };
}

/**
 * TimescaleDB through its image's own entrypoint (PostgreSQL's: it creates the database on a first
 * start, with the password from POSTGRES_PASSWORD_FILE, the generated Secret's file, never a literal).
 * It runs as the restricted user, which the entrypoint supports (nss_wrapper), with its data in a
 * subdirectory of its volume, its socket directory and /dev/shm (memory: parallel queries outgrow the
 * runtime's 64Mi) as scratch. No script runs in it: startup and liveness are the kubelet's TCP connect;
 * Midgard's readiness covers the database. Only Midgard, in the pod, connects (127.0.0.1).
 */
function timescaledb(): ServiceDefinition {
  const port = { tcpSocket: { port: "timescaledb" } };
  return {
    name: "timescaledb",
    image: TIMESCALEDB_IMAGE,
    ports: [{ name: "timescaledb", port: THORCHAIN_PORTS.db, role: PortRole.DATABASE }],
    env: { POSTGRES_USER: DB.user, POSTGRES_DB: DB.database, POSTGRES_PASSWORD_FILE: `/secrets/${DB.passwordKey}`, PGDATA: "/data/pgdata" },
    // The original's server settings (and Midgard's docs' plan_cache_mode).
    args: ["postgres", "-c", "max_connections=100", "-c", "shared_buffers=128MB", "-c", "wal_buffers=16MB", "-c", "work_mem=8MB", "-c", "plan_cache_mode=force_custom_plan"],
    networkProbes: { startup: port, liveness: port },
    scratchVolumes: [
      { name: "timescaledb-shm", mountPath: "/dev/shm", emptyDirSizeLimit: "1Gi", memory: true },
      { name: "timescaledb-run", mountPath: "/var/run/postgresql", emptyDirSizeLimit: "16Mi" },
    ],
    resources: { requests: { cpu: "1", memory: "6Gi" }, limits: { cpu: "2", memory: "6Gi" } },
    storage: { size: "500Gi" },
  };
}

/**
 * THORChain: thornode (a Cosmos SDK chain, probed by the CometBFT scripts), Midgard (its indexer, the
 * public API) and Midgard's TimescaleDB, whose password is generated into the coinstack's Secret. Nine
 * Realms, whose seeds, snapshots and state sync servers the images default to, shut down in April
 * 2026: thornode finds its seeds from the network's node list, and a node without a chain must be
 * seeded from a snapshot of a synced one (it cannot replay every upgrade since the genesis). Mainnet
 * only. Sizes: the original's 2025 figures (thornode 2 CPUs, 12Gi; Midgard 2Gi, 500Gi; TimescaleDB
 * 6Gi, 500Gi) with thornode's volume as thornode's own chart gives it (1.5Ti).
 */
export const thorchain: CoinDefinition = {
  name: "thorchain",
  family: "cometbft",
  networks: ["mainnet"],
  p2pExposures: [],
  spec(networkName: string): CoinstackSpec {
    if (networkName !== "mainnet") throw new Error(`thorchain: no network ${networkName}`);
    // thornode's own metrics are not read here: what its readiness measures is served instead.
    const measured = probeMetrics("daemon", ["height", "peers", "syncLag"]);
    return {
      secrets: [{ key: DB.passwordKey, length: 32, notRotatable: "PostgreSQL keeps the password it created the database with; Midgard would be refused" }],
      services: [thornode(measured.env), midgard(), timescaledb()],
      sidecars: [measured.sidecar],
    };
  },
};
