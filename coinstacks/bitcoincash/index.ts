import { utxoCoin } from "../utxo";
import { TESTNET_LIVENESS_WINDOW_SECONDS, XPUB } from "../utxo/networks";

/**
 * Bitcoin Cash Node + blockbook. Sizes (original system, 2024-03) are defaults;
 * environments set theirs in config.
 *
 * BCHN's binary is bitcoind. Ports follow the Bitcoin lineage BCHN keeps: RPC
 * 8332 / 18332 / 18443 and P2P 8333 / 18333 / 18444 (BCHN's own chainparamsbase.cpp
 * was not read; a BCHN-derived copy moves only testnet4/scalenet/chipnet, to
 * 28332/38332/48332). testnet4 is not offered: its RPC port would collide with
 * blockbook's ZMQ socket on 28332. The scripts pass -rpcport and -port explicitly.
 */
export const bitcoincash = utxoCoin({
  name: "bitcoincash",
  binary: "bitcoind",
  image: "shapeshiftdao/bitcoin-cash-node:27.0.0",
  shortcut: "BCH",
  // 10-minute blocks but a hashrate that moves between chains: 3 hours.
  livenessWindowSeconds: 10800,
  networks: {
    mainnet: {
      rpcPort: 8332,
      p2pPort: 8333,
      blockbookCoinName: "Bcash",
      blockbook: { address_format: "cashaddr", xpub_magic: XPUB.mainnet, slip44: 145 },
    },
    testnet: {
      flag: "-testnet",
      rpcPort: 18332,
      p2pPort: 18333,
      blockbookCoinName: "Bcash Testnet",
      shortcut: "TBCH",
      livenessWindowSeconds: TESTNET_LIVENESS_WINDOW_SECONDS,
      blockbook: { address_format: "cashaddr", xpub_magic: XPUB.testnet, slip44: 1 },
    },
    regtest: {
      flag: "-regtest",
      rpcPort: 18443,
      p2pPort: 18444,
      // blockbook's bch parser knows chain "regtest" (bchreg: addresses) behind the testnet factory.
      blockbookCoinName: "Bcash Testnet",
      shortcut: "TBCH",
      private: true,
      blockbook: { address_format: "cashaddr", xpub_magic: XPUB.testnet, slip44: 1 },
    },
  },
  daemon: {
    resources: { requests: { cpu: "1", memory: "4Gi" }, limits: { cpu: "2", memory: "4Gi" } },
    storage: { size: "250Gi" },
  },
  indexer: {
    resources: { requests: { cpu: "1", memory: "8Gi" }, limits: { cpu: "2", memory: "8Gi" } },
    storage: { size: "250Gi" },
  },
});
