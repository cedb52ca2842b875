import { ethereum } from "../ethereum";
import { nitroCoin } from "../nitro";

/** Offchain Labs' nitro node, the release tag v3.10.0 (commit b1cf6db) on Docker Hub. */
export const NITRO_IMAGE = "offchainlabs/nitro-node:v3.10.0-b1cf6db";

/**
 * Arbitrum One: nitro + blockbook, reading this environment's ethereum (or external L1 endpoints).
 * Sizes: the original's 2024 table (nitro 24Gi, 750Gi; blockbook 16Gi, 500Gi) with nitro's volume
 * raised for two more years of a pruned chain (an estimate); environments set theirs.
 */
export const arbitrum = nitroCoin({
  name: "arbitrum",
  image: NITRO_IMAGE,
  indexerImage: "shapeshiftdao/unchained-blockbook:bb02eb5",
  l1: ethereum,
  chain: {
    chainName: "arb1",
    referenceEndpoints: ["https://arb1.arbitrum.io/rpc", "https://arbitrum-one-rpc.publicnode.com", "https://arbitrum.drpc.org"],
    blockbookCoinName: "Arbitrum",
  },
  livenessWindowSeconds: 900,
  daemon: {
    resources: { requests: { cpu: "1", memory: "24Gi" }, limits: { cpu: "2", memory: "24Gi" } },
    storage: { size: "1500Gi" },
  },
  indexer: {
    resources: { requests: { cpu: "1", memory: "16Gi" }, limits: { cpu: "2", memory: "16Gi" } },
    storage: { size: "500Gi" },
  },
});
