import { utxoCoin } from "../utxo";
import { TESTNET_LIVENESS_WINDOW_SECONDS, XPUB } from "../utxo/networks";

/**
 * Bitcoin Core + blockbook. Sizes are defaults; environments set theirs in config.
 * Ports are Bitcoin Core's defaults (chainparamsbase.cpp / chainparams.cpp).
 */
export const bitcoin = utxoCoin({
  name: "bitcoin",
  binary: "bitcoind",
  image: "shapeshiftdao/bitcoin-core:26.0",
  shortcut: "BTC",
  // 10-minute blocks: a 2-hour gap happens about once in three years.
  livenessWindowSeconds: 7200,
  networks: {
    mainnet: {
      rpcPort: 8332,
      p2pPort: 8333,
      blockbookCoinName: "Bitcoin",
      blockbook: { xpub_magic: XPUB.mainnet, xpub_magic_segwit_p2sh: XPUB.mainnetP2sh, xpub_magic_segwit_native: XPUB.mainnetNative, slip44: 0 },
    },
    testnet: {
      flag: "-testnet",
      rpcPort: 18332,
      p2pPort: 18333,
      blockbookCoinName: "Testnet",
      shortcut: "TEST",
      livenessWindowSeconds: TESTNET_LIVENESS_WINDOW_SECONDS,
      blockbook: { xpub_magic: XPUB.testnet, xpub_magic_segwit_p2sh: XPUB.testnetP2sh, xpub_magic_segwit_native: XPUB.testnetNative, slip44: 1 },
    },
    regtest: {
      flag: "-regtest",
      rpcPort: 18443,
      p2pPort: 18444,
      blockbookCoinName: "Regtest",
      shortcut: "TEST",
      private: true,
      blockbook: { xpub_magic: XPUB.testnet, xpub_magic_segwit_p2sh: XPUB.testnetP2sh, xpub_magic_segwit_native: XPUB.testnetNative, slip44: 1 },
    },
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
