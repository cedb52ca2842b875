import { utxoCoin } from "../utxo";
import { TESTNET_LIVENESS_WINDOW_SECONDS, XPUB } from "../utxo/networks";

/**
 * Dogecoin Core 1.14 + blockbook. Sizes (original system, 2024-03) are defaults;
 * environments set theirs in config.
 *
 * Ports (1.14 line, Bitcoin 0.14 based): RPC 22555 / 44555 / 18332 and P2P
 * 22556 / 44556 / 18444. Mainnet and testnet were read from Dogecoin's
 * chainparams(base).cpp; the regtest RPC port 18332 from 1.14-derived
 * chainparamsbase.cpp files, not at the 1.14.7 tag itself (unverified there).
 * The scripts pass -rpcport and -port explicitly, so the daemon listens on these.
 */
export const dogecoin = utxoCoin({
  name: "dogecoin",
  binary: "dogecoind",
  image: "shapeshiftdao/dogecoin:1.14.7",
  shortcut: "DOGE",
  // 1-minute blocks: 20 block times.
  livenessWindowSeconds: 1200,
  networks: {
    mainnet: {
      rpcPort: 22555,
      p2pPort: 22556,
      blockbookCoinName: "Dogecoin",
      // dgub, as in the original system's indexer config; Dogecoin has no segwit.
      blockbook: { xpub_magic: 49990397, slip44: 3 },
    },
    testnet: {
      flag: "-testnet",
      rpcPort: 44555,
      p2pPort: 44556,
      blockbookCoinName: "Dogecoin Testnet",
      shortcut: "DOGETEST",
      livenessWindowSeconds: TESTNET_LIVENESS_WINDOW_SECONDS,
      blockbook: { xpub_magic: XPUB.testnet, slip44: 1 },
    },
    regtest: {
      flag: "-regtest",
      rpcPort: 18332,
      p2pPort: 18444,
      // blockbook has no "Dogecoin Regtest"; its testnet factory indexes the chain but
      // may render addresses with other prefixes. For trying the stack locally.
      blockbookCoinName: "Dogecoin Testnet",
      shortcut: "DOGETEST",
      private: true,
    },
  },
  daemon: {
    resources: { requests: { cpu: "1", memory: "4Gi" }, limits: { cpu: "2", memory: "4Gi" } },
    storage: { size: "250Gi" },
  },
  indexer: {
    resources: { requests: { cpu: "1", memory: "16Gi" }, limits: { cpu: "2", memory: "16Gi" } },
    storage: { size: "250Gi" },
  },
});
