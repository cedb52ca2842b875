import { ethereum } from "../ethereum";
import { OP_NODE_IMAGE, OP_RETH_IMAGE } from "../optimism";
import { opstackCoin } from "../opstack";

/**
 * Base: the OP Stack on Coinbase's chain, the same clients as optimism. It joined the original
 * system in 2025, after its size table; these sizes are estimates (op-reth keeping every block and
 * receipt of a busy chain), not measurements.
 */
export const base = opstackCoin({
  name: "base",
  image: OP_RETH_IMAGE,
  opNodeImage: OP_NODE_IMAGE,
  indexerImage: "shapeshiftdao/unchained-blockbook:bb02eb5",
  l1: ethereum,
  chain: {
    rethChain: "base",
    opNodeNetwork: "base-mainnet",
    sequencerUrl: "https://mainnet-sequencer.base.org",
    referenceEndpoints: ["https://mainnet.base.org", "https://base-rpc.publicnode.com", "https://base.drpc.org"],
    blockbookCoinName: "Base",
  },
  livenessWindowSeconds: 900,
  daemon: {
    resources: { requests: { cpu: "2", memory: "32Gi" }, limits: { cpu: "4", memory: "32Gi" } },
    storage: { size: "6000Gi" },
  },
  opNode: {
    resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "2Gi" } },
    storage: { size: "100Gi" },
  },
  indexer: {
    resources: { requests: { cpu: "1", memory: "16Gi" }, limits: { cpu: "2", memory: "16Gi" } },
    storage: { size: "1000Gi" },
  },
});
