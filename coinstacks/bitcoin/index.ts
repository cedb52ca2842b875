import { utxoCoin } from "../utxo";

/** Bitcoin Core + blockbook. Sizes are defaults; environments set theirs in config. */
export const bitcoin = utxoCoin({
  name: "bitcoin",
  binary: "bitcoind",
  image: "shapeshiftdao/bitcoin-core:26.0",
  shortcut: "BTC",
  networks: {
    mainnet: { rpcPort: 8332, p2pPort: 8333, blockbookCoinName: "Bitcoin" },
    testnet: { flag: "-testnet", rpcPort: 18332, p2pPort: 18333, blockbookCoinName: "Testnet" },
    regtest: { flag: "-regtest", rpcPort: 18443, p2pPort: 18444, blockbookCoinName: "Regtest" },
  },
  daemon: {
    resources: { requests: { cpu: "1", memory: "8Gi" }, limits: { cpu: "2", memory: "8Gi" } },
    storage: { size: "650Gi" },
  },
  indexer: {
    resources: { requests: { cpu: "1", memory: "16Gi" }, limits: { cpu: "2", memory: "32Gi" } },
    storage: { size: "500Gi" },
  },
});
