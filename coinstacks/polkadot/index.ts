import { substrateCoin } from "../substrate";

/**
 * Polkadot relay chain: full nodes and an optional validator (parity/polkadot). Sizes are
 * defaults; environments set theirs in config. Westend is Parity's testnet, built into the
 * binary (`--chain=westend`); `dev` is a private `--dev` chain.
 */
export const polkadot = substrateCoin({
  name: "polkadot",
  binary: "polkadot",
  image: "parity/polkadot:stable2512",
  // 6-second blocks: 15 minutes (150 blocks) without a new best block is a stuck node.
  livenessWindowSeconds: 900,
  networks: {
    mainnet: { chainFlag: "--chain=polkadot" },
    // Testnets stall now and then; a restart would not make them move.
    westend: { chainFlag: "--chain=westend", livenessWindowSeconds: 3600 },
    dev: { chainFlag: "--dev", private: true },
  },
  node: {
    resources: { requests: { cpu: "2", memory: "16Gi" }, limits: { cpu: "4", memory: "16Gi" } },
    storage: { size: "1000Gi" },
  },
  validator: {
    resources: { requests: { cpu: "4", memory: "32Gi" }, limits: { cpu: "8", memory: "32Gi" } },
    storage: { size: "1000Gi" },
  },
});
