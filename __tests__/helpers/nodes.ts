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

