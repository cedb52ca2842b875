import { ethereum } from "../ethereum";
import { opstackCoin } from "../opstack";

/** OP Labs' images (us-docker.pkg.dev/oplabs-tools-artifacts/images), pinned by digest. */
export const OP_RETH_IMAGE = "us-docker.pkg.dev/oplabs-tools-artifacts/images/op-reth:v2.3.3@sha256:eec35eaafb6f8b3d07c6844ff87c4f8af81fca088472b6a432435c53a36b8a4c";
export const OP_NODE_IMAGE = "us-docker.pkg.dev/oplabs-tools-artifacts/images/op-node:v1.19.2@sha256:3652c0faa7582e49c31a71f86bc5170167499aed7e382e92722f34beb233ef1a";

/**
 * OP Mainnet: op-reth + op-node + blockbook, reading this environment's ethereum (or external L1
 * endpoints). Sizes: the original's 2024 table (op-geth 24Gi, 1250Gi; op-node 2Gi, 100Gi; blockbook
 * 8Gi, 500Gi) with op-reth's volume raised for two more years of chain; environments set theirs.
 */
export const optimism = opstackCoin({
  name: "optimism",
  image: OP_RETH_IMAGE,
  opNodeImage: OP_NODE_IMAGE,
  indexerImage: "shapeshiftdao/unchained-blockbook:bb02eb5",
  l1: ethereum,
  chain: {
    rethChain: "optimism",
    opNodeNetwork: "op-mainnet",
    sequencerUrl: "https://mainnet-sequencer.optimism.io",
    referenceEndpoints: ["https://mainnet.optimism.io", "https://optimism-rpc.publicnode.com", "https://optimism.drpc.org"],
    blockbookCoinName: "Optimism",
  },
  // 2-second blocks: 15 minutes is 450 blocks.
  livenessWindowSeconds: 900,
  daemon: {
    resources: { requests: { cpu: "1", memory: "24Gi" }, limits: { cpu: "2", memory: "24Gi" } },
    storage: { size: "2000Gi" },
  },
  opNode: {
    resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "2Gi" } },
    storage: { size: "100Gi" },
  },
  indexer: {
    resources: { requests: { cpu: "1", memory: "8Gi" }, limits: { cpu: "2", memory: "8Gi" } },
    storage: { size: "500Gi" },
  },
});
