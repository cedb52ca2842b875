import type { CoinDefinition, CoinstackSpec } from "../../lib/coinstack/definition";
import { type CosmosChain, cosmosSdkNode } from "../cometbft";
import { probeMetrics } from "../lib/probe-metrics";

/**
 * gaia v28.0.0, as the Cosmos Hub publishes it (ghcr.io/cosmos/gaia: DOCKER_README.md; alpine with
 * busybox's wget, sha256sum and gzip, and jq; runs as uid 1025; entrypoint `gaiad start`). The
 * provider testnet runs v28.0.0-rc0 (cosmos/testnets provider/README.md), so dev runs that.
 */
export const GAIA_IMAGES = { mainnet: "ghcr.io/cosmos/gaia:v28.0.0", testnet: "ghcr.io/cosmos/gaia:v28.0.0-rc0" } as const;

/**
 * The Cosmos Hub (cosmoshub-4). Genesis: the cosmos/mainnet repository's, as gaia's join-mainnet guide
 * fetches it; its JSON's sha256 as two independent public node guides give it. Seeds: the chain
 * registry's. State sync servers: the join-mainnet guide's. Unbonding is 21 days; the guide's trust
 * period is 168h.
 */
const COSMOSHUB: CosmosChain = {
  chainId: "cosmoshub-4",
  genesis: {
    url: "https://raw.githubusercontent.com/cosmos/mainnet/master/genesis/genesis.cosmoshub-4.json.gz",
    checksum: "sha256:6ad715c1ab5637e505e7248bb4366e79d5dec1a24f4fac7db33fead567041633",
  },
  seeds: [
    "ade4d8bc8cbe014af6ebdf3cb7b1e9ad36f412c0@seeds.polkachu.com:14956",
    "20e1000e88125698264454a884812746c2eb4807@seeds.lavenderfive.com:14956",
    "ba3bacc714817218562f743178228f23678b2873@public-seed-node.cosmoshub.certus.one:26656",
  ],
  stateSync: { rpcServers: ["https://cosmos-rpc.polkachu.com:443", "https://rpc.cosmoshub-main.ccvalidators.com:443"], trustPeriod: "168h0m0s" },
  referenceEndpoints: ["https://cosmos-rpc.polkachu.com", "https://cosmos-rpc.publicnode.com", "https://rpc.cosmoshub-main.ccvalidators.com"],
  minGasPrices: "0.0025uatom",
};

/**
 * The Cosmos Hub's testnet (`provider`), from cosmos/testnets provider/README.md (read at its
 * 2026-08-12 head): the genesis in that repository (its sha256 checked against the file), its seeds,
 * state sync servers and RPC endpoints. Its governance is fast and its unbonding short: the testnets'
 * own join script trusts 8 hours.
 */
const PROVIDER: CosmosChain = {
  chainId: "provider",
  genesis: {
    url: "https://raw.githubusercontent.com/cosmos/testnets/master/provider/provider-genesis.json",
    checksum: "sha256:91870bfb8671f5d60c303f9da8e44b620a5403f913359cc6b212150bfc3e631d",
  },
  seeds: [
    "08ec17e86dac67b9da70deb20177655495a55407@provider-seed-01.hub-testnet.polypore.xyz:26656",
    "4ea6e56300a2f37b90e58de5ee27d1c9065cf871@provider-seed-02.hub-testnet.polypore.xyz:26656",
  ],
  stateSync: { rpcServers: ["https://rpc.provider-state-sync-01.hub-testnet.polypore.xyz:443", "https://rpc.provider-state-sync-02.hub-testnet.polypore.xyz:443"], trustPeriod: "8h0m0s" },
  referenceEndpoints: ["https://rpc.provider-sentry-01.hub-testnet.polypore.xyz", "https://rpc.provider-sentry-02.hub-testnet.polypore.xyz", "https://cosmos-testnet-rpc.itrocket.net"],
  minGasPrices: "0.005uatom",
};

/**
 * The Cosmos Hub: gaiad alone, as the original ran it (its API read the node's REST API and RPC).
 * The node starts by state sync: gaia v28 cannot replay cosmoshub-4 from its genesis (every upgrade
 * since needs its own binary), so its history starts at the snapshot height; a full history means
 * seeding the volume from a snapshot of an archive node (coins.<coin>.volumes). 6-second blocks.
 * Sizes: the original's 2024 table (2/4 CPUs, 64Gi, 5000Gi at 6000 IOPS and 300 MiB/s); gaia's
 * guide asks 16 GB and 2 TB of a full node.
 */
export const cosmos: CoinDefinition = {
  name: "cosmos",
  family: "cometbft",
  networks: ["mainnet", "testnet"],
  p2pExposures: [],
  spec(networkName: string): CoinstackSpec {
    const chain = { mainnet: COSMOSHUB, testnet: PROVIDER }[networkName];
    if (chain === undefined) throw new Error(`cosmos: no network ${networkName}`);
    const measured = probeMetrics("daemon", ["syncLag"]);
    return {
      services: [
        cosmosSdkNode({
          image: networkName === "mainnet" ? GAIA_IMAGES.mainnet : GAIA_IMAGES.testnet,
          binary: "gaiad",
          chain,
          blockTolerance: 5,
          // 6-second blocks: 15 minutes (150 blocks) without a new block is a stuck node.
          livenessWindowSeconds: 900,
          measuredEnv: measured.env,
          resources: { requests: { cpu: "2", memory: "64Gi" }, limits: { cpu: "4", memory: "64Gi" } },
          storage: { size: "5000Gi", iops: 6000, throughput: 300 },
        }),
      ],
      sidecars: [measured.sidecar],
    };
  },
};
