import { NITRO_IMAGE } from "../arbitrum";
import { ethereum } from "../ethereum";
import { nitroCoin } from "../nitro";

/**
 * Arbitrum Nova (AnyTrust): nitro + blockbook, like arbitrum, on the nova chain. Sizes: the
 * original's 2024 table (nitro 16Gi, 500Gi; blockbook 6Gi, 500Gi).
 */
export const arbitrumNova = nitroCoin({
  name: "arbitrum-nova",
  image: NITRO_IMAGE,
  indexerImage: "shapeshiftdao/unchained-blockbook:bb02eb5",
  l1: ethereum,
  chain: {
    chainName: "nova",
    referenceEndpoints: ["https://nova.arbitrum.io/rpc", "https://arbitrum-nova-rpc.publicnode.com", "https://arbitrum-nova.drpc.org"],
    blockbookCoinName: "Arbitrum Nova",
  },
  livenessWindowSeconds: 900,
  daemon: {
    resources: { requests: { cpu: "1", memory: "16Gi" }, limits: { cpu: "2", memory: "16Gi" } },
    storage: { size: "500Gi" },
  },
  indexer: {
    resources: { requests: { cpu: "1", memory: "6Gi" }, limits: { cpu: "2", memory: "6Gi" } },
    storage: { size: "500Gi" },
  },
});
