import { utxoCoin } from "../utxo";
import { TESTNET_LIVENESS_WINDOW_SECONDS, XPUB } from "../utxo/networks";

/**
 * Litecoin Core + blockbook. Sizes (original system, 2024-03) are defaults;
 * environments set theirs in config.
 *
 * Ports: Litecoin Core 0.21's src/chainparamsbase.cpp (RPC 9332 / 19332 / 19443) and
 * src/chainparams.cpp nDefaultPort (P2P 9333 / 19335 / 19444), read from
 * litecoin-project/litecoin. The scripts pass -rpcport and -port explicitly, so the
 * daemon listens on these whatever its defaults.
 */
export const litecoin = utxoCoin({
  name: "litecoin",
  binary: "litecoind",
  image: "shapeshiftdao/litecoin-core:v0.21.2.2",
  shortcut: "LTC",
  // 2.5-minute blocks: 16 block times.
  livenessWindowSeconds: 2400,
  networks: {
    mainnet: {
      rpcPort: 9332,
      p2pPort: 9333,
      blockbookCoinName: "Litecoin",
      // xpub magics as in the original system's indexer config (Ltub, Mtub, zpub).
      blockbook: { xpub_magic: 27108450, xpub_magic_segwit_p2sh: 28471030, xpub_magic_segwit_native: XPUB.mainnetNative, slip44: 2 },
    },
    testnet: {
      flag: "-testnet",
      rpcPort: 19332,
      p2pPort: 19335,
      blockbookCoinName: "Litecoin Testnet",
      shortcut: "tLTC",
      livenessWindowSeconds: TESTNET_LIVENESS_WINDOW_SECONDS,
      blockbook: { xpub_magic: XPUB.testnet, xpub_magic_segwit_p2sh: XPUB.testnetP2sh, xpub_magic_segwit_native: XPUB.testnetNative, slip44: 1 },
    },
    regtest: {
      flag: "-regtest",
      rpcPort: 19443,
      p2pPort: 19444,
      // blockbook has no "Litecoin Regtest": the testnet factory indexes the chain, but its
      // parser picks mainnet address prefixes for chain "regtest" (litecoinparser.go
      // GetChainParams). Fine for trying the stack locally, not for address work.
      blockbookCoinName: "Litecoin Testnet",
      shortcut: "tLTC",
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
