/**
 * What each family's node answers in a given state, as its real protocol says: the replies the fake
 * servers of ./scripts.ts give. Shared by the family specs and the emulated-pod runs.
 */
import type { HttpReply, RpcHandler, RpcReply } from "./scripts";

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * A bitcoind-family daemon at `blocks` of `headers` with `peers` connections, `inbound` of them dialled
 * in (getnetworkinfo's connections_in, Bitcoin Core 0.21 and later; absent when undefined, as dogecoin's).
 */
export function utxoDaemon(state: { blocks: number; headers?: number; peers?: number; inbound?: number; ibd?: boolean }): Record<string, RpcHandler> {
  const headers = state.headers ?? state.blocks;
  const peers = state.peers ?? 8;
  const info: Record<string, unknown> = { chain: "main", blocks: state.blocks, headers, verificationprogress: 0.99 };
  if (state.ibd !== undefined) info.initialblockdownload = state.ibd;
  const network: Record<string, unknown> = { version: 260000, subversion: "/Satoshi:26.0.0/", connections: peers, networkactive: true };
  if (state.inbound !== undefined) Object.assign(network, { connections_in: state.inbound, connections_out: peers - state.inbound });
  return {
    getconnectioncount: { result: peers },
    getblockchaininfo: { result: info },
    getblockcount: { result: state.blocks },
    getnetworkinfo: { result: network },
  };
}

/** blockbook's GET /api/ answer. */
export function blockbookStatus(best: number, backend: number | undefined, inSync = true): HttpReply {
  return {
    json: {
      blockbook: { coin: "Bitcoin", inSync, bestHeight: best, inSyncMempool: true, decimals: 8 },
      backend: backend === undefined ? { error: "connection refused" } : { chain: "main", blocks: backend, headers: backend },
    },
  };
}

/** A geth at `height` with `peers`, synced unless `syncing` (eth_syncing's object) is given. */
export function geth(state: { height: number; peers?: number; syncing?: Record<string, number> }): Record<string, RpcHandler> {
  const syncing = state.syncing ? Object.fromEntries(Object.entries(state.syncing).map(([k, v]) => [k, hex(v)])) : false;
  return {
    eth_syncing: { result: syncing },
    net_peerCount: { result: hex(state.peers ?? 25) },
    eth_blockNumber: { result: hex(state.height) },
  };
}

/** /eth/v1/node/syncing as Lighthouse answers it: numbers as strings. */
export function beaconSyncing(state: { headSlot: number; syncing?: boolean; elOffline?: boolean }): Record<string, HttpReply> {
  const distance = state.syncing ? "4000" : "0";
  return {
    "/eth/v1/node/syncing": {
      json: { data: { is_syncing: state.syncing ?? false, is_optimistic: false, el_offline: state.elOffline ?? false, head_slot: String(state.headSlot), sync_distance: distance } },
    },
  };
}

/** A substrate node at best block `best` with `peers` peers, syncing or not. */
export function substrateNode(state: { best: number; peers?: number; syncing?: boolean }): Record<string, RpcHandler> {
  return {
    system_health: { result: { peers: state.peers ?? 12, isSyncing: state.syncing ?? false, shouldHavePeers: true } },
    chain_getHeader: { result: { number: hex(state.best), parentHash: "0x00", stateRoot: "0x00", extrinsicsRoot: "0x00", digest: { logs: [] } } },
  };
}

// op-node (coinstacks/opstack): its answers' shapes are op-node's own (op-service/eth/sync_status.go and id.go, op-node/p2p/rpc_server.go).

/** op-node's unsafe L2 head and its L1, in the fakes' answers. */
export const OP_NODE_UNSAFE = 135_000_000;
const OP_L1 = 21_000_000;

const now = (): number => Math.floor(Date.now() / 1000);
const hash = (n: number): string => `0x${n.toString(16).padStart(64, "0")}`;

/** An L1BlockRef (op-service/eth/id.go). */
function l1Ref(number: number, timestamp: number) {
  return { hash: hash(number), number, parentHash: hash(number - 1), timestamp };
}

/** An L2BlockRef (op-service/eth/id.go): 2-second blocks, its L1 origin a few blocks behind. */
function l2Ref(number: number, timestamp: number) {
  return { hash: hash(number), number, parentHash: hash(number - 1), timestamp, l1origin: { hash: hash(OP_L1 - 3), number: OP_L1 - 3 }, sequenceNumber: 4 };
}

/** optimism_syncStatus' result (op-service/eth/sync_status.go), its unsafe L2 head `age` seconds old. */
export function syncStatus(unsafe: number, age: number) {
  const head = now() - age;
  return {
    current_l1: l1Ref(OP_L1, head - 12),
    current_l1_finalized: l1Ref(OP_L1 - 64, head - 780),
    head_l1: l1Ref(OP_L1, head - 12),
    safe_l1: l1Ref(OP_L1 - 32, head - 396),
    finalized_l1: l1Ref(OP_L1 - 64, head - 780),
    unsafe_l2: l2Ref(unsafe, head),
    safe_l2: l2Ref(unsafe - 300, head - 600),
    finalized_l2: l2Ref(unsafe - 900, head - 1800),
    pending_safe_l2: l2Ref(unsafe - 300, head - 600),
    cross_unsafe_l2: l2Ref(unsafe, head),
    local_safe_l2: l2Ref(unsafe - 300, head - 600),
  };
}

/** opp2p_peerStats' result (op-node/p2p/rpc_server.go). */
export function peerStats(connected: number) {
  return { connected, table: 140, blocksTopic: connected, blocksTopicV2: connected, blocksTopicV3: connected, banned: 0, known: 1200 };
}

/**
 * An op-node (its JSON-RPC 2.0 methods) whose unsafe L2 head is `age` seconds old when asked (default 2), with `peers` connected
 * peers (default 12); `syncStatus` and `peerStats` replace the answers to those methods.
 */
export function opNode(state: { unsafe?: number; age?: number; peers?: number; syncStatus?: RpcReply; peerStats?: RpcReply } = {}): Record<string, RpcHandler> {
  return {
    optimism_syncStatus: () => state.syncStatus ?? { result: syncStatus(state.unsafe ?? OP_NODE_UNSAFE, state.age ?? 2) },
    opp2p_peerStats: state.peerStats ?? { result: peerStats(state.peers ?? 12) },
  };
}


// CometBFT (coinstacks/cometbft): answers shaped as CometBFT v0.38's RPC writes them (rpc/core/types/responses.go),
// indented as its HTTP server sends them, integers as strings.

/** A block hash, 32 bytes in uppercase hex. */
export const COMET_BLOCK_HASH = "3D8F12EA302AEDA66E80939F7FC785206692F8B6EE6F727F1655F1AFB6A873A5";

/** An indented JSON-RPC 2.0 answer, as CometBFT's HTTP server writes it (id -1 for URI requests). */
function cometAnswer(result: unknown): HttpReply {
  return { body: JSON.stringify({ jsonrpc: "2.0", id: -1, result }, null, 2) };
}

/** /status of a node at `height`, catching up or not. */
export function cometStatus(height: number, catchingUp = false): HttpReply {
  return cometAnswer({
    node_info: { protocol_version: { p2p: "8", block: "11", app: "0" }, id: "f40a6e7d7168a3f2a5362cd37cbe6eac7a686056", network: "cosmoshub-4", version: "0.38.23", moniker: "node-0" },
    sync_info: {
      latest_block_hash: COMET_BLOCK_HASH,
      latest_app_hash: "0A1B",
      latest_block_height: String(height),
      latest_block_time: "2026-12-01T10:00:00.123456789Z",
      earliest_block_height: "1",
      catching_up: catchingUp,
    },
    validator_info: { address: "AB12", pub_key: { type: "tendermint/PubKeyEd25519", value: "x" }, voting_power: "0" },
  });
}

/** /block at `height`: the result's block_id, then the block whose header names its parent's. */
export function cometBlock(height: number, hash = COMET_BLOCK_HASH): HttpReply {
  const parts = { total: 1, hash: "AAAA" };
  return cometAnswer({
    block_id: { hash, parts },
    block: {
      header: { chain_id: "cosmoshub-4", height: String(height), last_block_id: { hash: "1111111111111111111111111111111111111111111111111111111111111111", parts } },
      data: { txs: [] },
      last_commit: { height: String(height - 1), block_id: { hash: "2222222222222222222222222222222222222222222222222222222222222222", parts } },
    },
  });
}

/** A CometBFT node: /status and /net_info. */
export function cometbftNode(state: { height: number; catchingUp?: boolean; peers?: number }): Record<string, HttpReply> {
  return {
    "/status": cometStatus(state.height, state.catchingUp),
    "/net_info": cometAnswer({ listening: true, listeners: ["Listener(@)"], n_peers: String(state.peers ?? 20), peers: [] }),
  };
}

/** Midgard's GET /v2/health (its internal/api/json.go at 2.32.6): scannerHeight a string, the rest numbers and booleans. */
export function midgardHealth(state: { scanning: number; inSync?: boolean }): HttpReply {
  const at = (height: number) => ({ height, timestamp: 1_764_000_000 });
  return {
    json: {
      database: true,
      inSync: state.inSync ?? true,
      lastAggregated: at(state.scanning - 1),
      lastCommitted: at(state.scanning - 1),
      lastFetched: at(state.scanning - 1),
      lastThorNode: at(state.scanning - 1),
      scannerHeight: String(state.scanning),
    },
  };
}
