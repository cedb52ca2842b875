import { evmCoin } from "../evm";

/**
 * Ethereum: geth + Lighthouse + blockbook. Sizes are defaults; environments set theirs in config.
 * Networks: mainnet and Sepolia (the application testnet, blockbook "Ethereum Testnet Sepolia").
 * Hoodi (the staking testnet) is left out: no "Ethereum Testnet Hoodi" factory was found in
 * blockbook; Holesky is shut down. No dev chain: blockbook refuses chain ids it does not know.
 */
export const ethereum = evmCoin({
  name: "ethereum",
  image: "ethereum/client-go:v1.17.1",
  beaconImage: "sigp/lighthouse:v8.1.2",
  indexerImage: "shapeshiftdao/unchained-blockbook:bb02eb5",
  // 12 s slots: 15 minutes is 75 slots; a stall that long is the node, not the chain.
  livenessWindowSeconds: 900,
  networks: {
    mainnet: {
      beaconNetwork: "mainnet",
      checkpointSyncUrl: "https://mainnet.checkpoint.sigp.io",
      referenceEndpoints: ["https://ethereum-rpc.publicnode.com", "https://eth.drpc.org", "https://eth.llamarpc.com"],
      blockbookCoinName: "Ethereum",
      shortcut: "ETH",
    },
    sepolia: {
      flag: "--sepolia",
      beaconNetwork: "sepolia",
      checkpointSyncUrl: "https://checkpoint-sync.sepolia.ethpandaops.io",
      referenceEndpoints: ["https://ethereum-sepolia-rpc.publicnode.com", "https://sepolia.drpc.org", "https://1rpc.io/sepolia"],
      blockbookCoinName: "Ethereum Testnet Sepolia",
      shortcut: "tSEP",
    },
  },
  daemon: {
    resources: { requests: { cpu: "1", memory: "32Gi" }, limits: { cpu: "2", memory: "32Gi" } },
    storage: { size: "2000Gi" },
  },
  beacon: {
    resources: { requests: { cpu: "1", memory: "16Gi" }, limits: { cpu: "2", memory: "16Gi" } },
    storage: { size: "600Gi" },
  },
  indexer: {
    resources: { requests: { cpu: "1", memory: "12Gi" }, limits: { cpu: "2", memory: "12Gi" } },
    storage: { size: "500Gi" },
  },
});
