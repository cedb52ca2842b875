/**
 * The coin catalog: every UTXO coin synthesizes in dev and prod with pinned
 * images and the original system's sizes, per-network ports, never a routed RPC
 * port, and probe thresholds that config can set (and synth checks).
 */
import { COIN_NAMES, COINS, type CoinName } from "../../coinstacks";
import { isPinnedImage } from "../../lib/config/coin-settings";
import { PortRole } from "../../lib/coinstack/definition";
import { coinStack, container, manifestsOfKind, podSpec, scriptsConfigMapData, synthCoin } from "../helpers/coinstack";
import { resourcesOf, shippedEnvironment, type SynthesizedStack } from "../helpers/synth";

type Utxo = Extract<CoinName, "litecoin" | "dogecoin" | "bitcoincash">;

const BLOCKBOOK = "shapeshiftdao/unchained-blockbook:c2cb648";

/** What the catalog promises per coin: images, binaries, and the ports per network. */
const EXPECTED: Record<Utxo, { image: string; binary: string; networks: Record<string, { rpc: number; p2p: number; flag: string; blockbook: string }> }> = {
  litecoin: {
    image: "shapeshiftdao/litecoin-core:v0.21.2.2",
    binary: "litecoind",
    networks: {
      mainnet: { rpc: 9332, p2p: 9333, flag: "", blockbook: "Litecoin" },
      testnet: { rpc: 19332, p2p: 19335, flag: "-testnet", blockbook: "Litecoin Testnet" },
      regtest: { rpc: 19443, p2p: 19444, flag: "-regtest", blockbook: "Litecoin Testnet" },
    },
  },
  dogecoin: {
    image: "shapeshiftdao/dogecoin:1.14.7",
    binary: "dogecoind",
    networks: {
      mainnet: { rpc: 22555, p2p: 22556, flag: "", blockbook: "Dogecoin" },
      testnet: { rpc: 44555, p2p: 44556, flag: "-testnet", blockbook: "Dogecoin Testnet" },
      regtest: { rpc: 18332, p2p: 18444, flag: "-regtest", blockbook: "Dogecoin Testnet" },
    },
  },
  bitcoincash: {
    image: "shapeshiftdao/bitcoin-cash-node:27.0.0",
    binary: "bitcoind",
    networks: {
      mainnet: { rpc: 8332, p2p: 8333, flag: "", blockbook: "Bcash" },
      testnet: { rpc: 18332, p2p: 18333, flag: "-testnet", blockbook: "Bcash Testnet" },
      regtest: { rpc: 18443, p2p: 18444, flag: "-regtest", blockbook: "Bcash Testnet" },
    },
  },
};

/** The original system's 2024-03 sizes (cpu request/limit, memory, storage). */
const SIZES: Record<Utxo, { daemon: { memory: string; storage: string }; indexer: { memory: string; storage: string } }> = {
  litecoin: { daemon: { memory: "4Gi", storage: "250Gi" }, indexer: { memory: "16Gi", storage: "250Gi" } },
  dogecoin: { daemon: { memory: "4Gi", storage: "250Gi" }, indexer: { memory: "16Gi", storage: "250Gi" } },
  bitcoincash: { daemon: { memory: "4Gi", storage: "250Gi" }, indexer: { memory: "8Gi", storage: "250Gi" } },
};

function env(c: any): Record<string, string> {
  return Object.fromEntries((c.env as { name: string; value?: string }[]).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
}

function routedPorts(stack: SynthesizedStack): number[] {
  return manifestsOfKind(stack, "IngressRoute").flatMap((r) => r.spec.routes.flatMap((route: any) => route.services.map((s: any) => s.port)));
}

describe("the catalog", () => {
  it("has a definition for every coin name, and a UTXO family member for each of bitcoin, litecoin, dogecoin, bitcoincash", () => {
    expect(Object.keys(COINS).sort()).toEqual([...COIN_NAMES].sort());
    expect(COIN_NAMES).toEqual(expect.arrayContaining(["bitcoin", "litecoin", "dogecoin", "bitcoincash"]));
  });
  it.each(Object.keys(COINS) as CoinName[])("%s: default images are pinned on every network", (coin) => {
    for (const network of COINS[coin].networks) {
      for (const service of COINS[coin].spec(network).services) expect(isPinnedImage(service.image)).toBe(true);
    }
  });
  it.each(["bitcoin", "litecoin", "dogecoin", "bitcoincash"] as CoinName[])("%s: offers mainnet (the default), a testnet and regtest", (coin) => {
    expect(COINS[coin].networks).toEqual(["mainnet", "testnet", "regtest"]);
  });
  it("enables the UTXO coins in dev and prod", () => {
    for (const name of ["dev", "prod"]) {
      expect(Object.keys(shippedEnvironment(name).coins)).toEqual(expect.arrayContaining(["bitcoin", "litecoin", "dogecoin", "bitcoincash"]));
    }
  });
});

describe.each(Object.keys(EXPECTED) as Utxo[])("%s", (coin) => {
  const expected = EXPECTED[coin];

  describe.each(["dev", "prod"])("in %s", (envName) => {
    const stack = synthCoin(coin, { env: envName });
    const daemon = container(stack, `${coin}-daemon`);
    const indexer = container(stack, `${coin}-indexer`);

    it("synthesizes a StatefulSet with the daemon and blockbook", () => {
      expect(podSpec(stack).container.map((c: any) => c.name)).toEqual([`${coin}-daemon`, `${coin}-indexer`, `${coin}-probe-metrics`]);
    });
    it("runs images pinned to exact tags", () => {
      expect(daemon.image).toBe(expected.image);
      expect(indexer.image).toBe(BLOCKBOOK);
    });
    it("starts the right daemon on mainnet's ports", () => {
      const main = expected.networks.mainnet!;
      expect(env(daemon)).toMatchObject({ DAEMON_BINARY: expected.binary, NETWORK_FLAG: "", RPC_PORT: String(main.rpc), P2P_PORT: String(main.p2p) });
      expect(daemon.port).toEqual([
        { name: "daemon-rpc", container_port: main.rpc, protocol: "TCP" },
        { name: "daemon-p2p", container_port: main.p2p, protocol: "TCP" },
      ]);
    });
    it("never routes the RPC (or P2P) port: only blockbook's API is public", () => {
      const main = expected.networks.mainnet!;
      expect(routedPorts(stack)).toEqual([8001]);
      expect(routedPorts(stack)).not.toContain(main.rpc);
      const hosts = resourcesOf(stack, "kubernetes_ingress_v1").flatMap(([, i]) => i.spec.rule.map((r: any) => r.host));
      expect(hosts).toEqual([`indexer.${coin}.${envName === "dev" ? "dev." : ""}coinstacks.example.com`]);
    });
    it("sizes containers and volumes as the original system did (cpu 1/2, memory request = limit)", () => {
      const size = SIZES[coin];
      expect(daemon.resources).toEqual({ requests: { cpu: "1", memory: size.daemon.memory }, limits: { cpu: "2", memory: size.daemon.memory } });
      expect(indexer.resources).toEqual({ requests: { cpu: "1", memory: size.indexer.memory }, limits: { cpu: "2", memory: size.indexer.memory } });
      const claims = Object.fromEntries(resourcesOf(stack, "kubernetes_persistent_volume_claim_v1").map(([, c]) => [c.metadata.name, c]));
      expect(claims[`data-daemon-${coin}-sts-0`].spec.resources.requests.storage).toBe(size.daemon.storage);
      expect(claims[`data-indexer-${coin}-sts-0`].spec.resources.requests.storage).toBe(size.indexer.storage);
      expect(claims[`data-daemon-${coin}-sts-0`].metadata.annotations).toEqual({ "ebs.csi.aws.com/iops": "3000", "ebs.csi.aws.com/throughput": "125" });
    });
    it("hands the probes their thresholds as environment", () => {
      expect(Object.keys(env(daemon))).toEqual(expect.arrayContaining(["MIN_PEERS", "BLOCK_TOLERANCE", "CHECK_IBD", "LIVENESS_WINDOW_SECONDS"]));
      expect(env(daemon).MIN_PEERS).toBe("1");
      expect(env(indexer)).toMatchObject({ INDEXER_LAG_TOLERANCE: "2", LIVENESS_WINDOW_SECONDS: env(daemon).LIVENESS_WINDOW_SECONDS });
    });
    it("points blockbook at the daemon's RPC and ZMQ without credentials in the ConfigMap", () => {
      const data = scriptsConfigMapData(stack);
      const config = JSON.parse(data["indexer-blockbook-config.json"]);
      expect(config).toMatchObject({
        coin_name: expected.networks.mainnet!.blockbook,
        rpc_url: `http://127.0.0.1:${expected.networks.mainnet!.rpc}`,
        message_queue_binding: "tcp://127.0.0.1:28332",
        rpc_user: "",
        rpc_pass: "",
      });
    });
  });

  describe.each(Object.keys(expected.networks))("on %s", (network) => {
    const ports = expected.networks[network]!;
    const spec = COINS[coin].spec(network);

    it("declares the network's RPC and P2P ports with their roles", () => {
      const daemon = spec.services.find((s) => s.name === "daemon")!;
      expect(daemon.ports).toEqual([
        { name: "daemon-rpc", port: ports.rpc, role: PortRole.RPC },
        { name: "daemon-p2p", port: ports.p2p, role: PortRole.P2P },
      ]);
      expect(daemon.env).toMatchObject({ NETWORK_FLAG: ports.flag, RPC_PORT: String(ports.rpc), P2P_PORT: String(ports.p2p) });
    });
    it("synthesizes as <coin>-<network> (mainnet as <coin>)", () => {
      const asset = network === "mainnet" ? coin : `${coin}-${network}`;
      const stack = synthCoin(coin, { settings: { network } });
      expect(podSpec(stack).container.map((c: any) => c.name)).toEqual([`${asset}-daemon`, `${asset}-indexer`, `${asset}-probe-metrics`]);
      expect(routedPorts(stack)).not.toContain(ports.rpc);
    });
    it("tells blockbook which chain it indexes", () => {
      const indexer = spec.services.find((s) => s.name === "indexer")!;
      const config = JSON.parse(indexer.configFiles!.find((f) => f.key === "indexer-blockbook-config.json")!.content);
      expect(config.coin_name).toBe(ports.blockbook);
      expect(config.rpc_url).toBe(`http://127.0.0.1:${ports.rpc}`);
    });
  });

  it("relaxes the probes on regtest, a private chain: no peers, no initial-download exit, no stall check", () => {
    const services = COINS[coin].spec("regtest").services;
    expect(services.find((s) => s.name === "daemon")!.env).toMatchObject({ MIN_PEERS: "0", CHECK_IBD: "0", LIVENESS_WINDOW_SECONDS: "0" });
    expect(services.find((s) => s.name === "indexer")!.env).toMatchObject({ LIVENESS_WINDOW_SECONDS: "0" });
  });
  it("keeps a stall window of many block times on mainnet, and a wider one on testnet", () => {
    const window = (network: string) => Number(COINS[coin].spec(network).services.find((s) => s.name === "daemon")!.env!.LIVENESS_WINDOW_SECONDS);
    expect(window("mainnet")).toBeGreaterThanOrEqual(1200);
    expect(window("testnet")).toBeGreaterThan(window("mainnet"));
  });
});

describe("probe thresholds from config", () => {
  it("reach the containers' environment", () => {
    const stack = synthCoin("litecoin", { settings: { services: { daemon: { env: { MIN_PEERS: "3", BLOCK_TOLERANCE: "2" } }, indexer: { env: { INDEXER_LAG_TOLERANCE: "5" } } } } });
    expect(env(container(stack, "litecoin-daemon"))).toMatchObject({ MIN_PEERS: "3", BLOCK_TOLERANCE: "2" });
    expect(env(container(stack, "litecoin-indexer"))).toMatchObject({ INDEXER_LAG_TOLERANCE: "5" });
  });
  it("are spelled out in prod", () => {
    const daemon = env(container(synthCoin("dogecoin", { env: "prod" }), "dogecoin-daemon"));
    expect(daemon).toMatchObject({ MIN_PEERS: "1", BLOCK_TOLERANCE: "1", LIVENESS_WINDOW_SECONDS: "1200" });
  });
  it("fail synth when they are not non-negative integers", () => {
    expect(() => coinStack("dogecoin", { settings: { services: { daemon: { env: { MIN_PEERS: "two" } }, indexer: { env: { INDEXER_LAG_TOLERANCE: "-1" } } } } })).toThrow(
      'config/dev.yaml: coins.dogecoin.services.daemon.env.MIN_PEERS: expected a non-negative integer (a probe threshold or tunable; see the service\'s scripts), got "two"',
    );
    expect(() => coinStack("dogecoin", { settings: { services: { indexer: { env: { INDEXER_LAG_TOLERANCE: "-1" } } } } })).toThrow("coins.dogecoin.services.indexer.env.INDEXER_LAG_TOLERANCE");
  });
});

describe("local: bitcoin on regtest", () => {
  const stack = synthCoin("bitcoin", { env: "local" });
  it("runs the daemon with probes that fit a single private node", () => {
    expect(env(container(stack, "bitcoin-regtest-daemon"))).toMatchObject({
      NETWORK_FLAG: "-regtest",
      RPC_PORT: "18443",
      MIN_PEERS: "0",
      CHECK_IBD: "0",
      LIVENESS_WINDOW_SECONDS: "0",
    });
    expect(env(container(stack, "bitcoin-regtest-indexer"))).toMatchObject({ LIVENESS_WINDOW_SECONDS: "0" });
  });
});
