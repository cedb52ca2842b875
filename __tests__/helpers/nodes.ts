/**
 * What each family's node answers in a given state, as its real protocol says: the replies the fake
 * servers of ./scripts.ts give. Shared by the family specs and the emulated-pod runs.
 */
import type { HttpReply, RpcHandler } from "./scripts";

const hex = (n: number): string => `0x${n.toString(16)}`;

/** A bitcoind-family daemon at `blocks` of `headers` with `peers` connections. */
export function utxoDaemon(state: { blocks: number; headers?: number; peers?: number; ibd?: boolean }): Record<string, RpcHandler> {
  const headers = state.headers ?? state.blocks;
  const info: Record<string, unknown> = { chain: "main", blocks: state.blocks, headers, verificationprogress: 0.99 };
  if (state.ibd !== undefined) info.initialblockdownload = state.ibd;
  return {
    getconnectioncount: { result: state.peers ?? 8 },
    getblockchaininfo: { result: info },
    getblockcount: { result: state.blocks },
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
