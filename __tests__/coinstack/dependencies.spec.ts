/**
 * Issue 18: a coin that reads another (optimism and base read ethereum as their L1). In the same
 * environment the reader gets the provider's client Service URLs, is deployed after it, and the
 * NetworkPolicies on both sides admit exactly the reader's pods to exactly the ports it reads; with
 * external endpoints it reaches only their ports on public addresses; anything else fails synth
 * naming the key.
 */
import { buildError } from "../helpers/bad-input";
import { variantOf } from "../helpers/config";
import { container, readersOff, synthCoin } from "../helpers/coinstack";
import type { EnvironmentStacks } from "../../lib/app";
import { resourcesOf, synthEnvironment, synthShipped, type SynthesizedStack } from "../helpers/synth";

const OPTIMISM_PODS = { app: "unchained", asset: "optimism", tier: "statefulservice" };
const ETHEREUM_PODS = { app: "unchained", asset: "ethereum", tier: "statefulservice" };
const L1_PORTS = [{ port: "8545", protocol: "TCP" }, { port: "5052", protocol: "TCP" }];
const EXTERNAL = { execution: "https://ethereum-rpc.publicnode.com", beacon: "https://beacon.example.org:5052" };

function policies(stack: SynthesizedStack): Record<string, any> {
  return Object.fromEntries(resourcesOf(stack, "kubernetes_network_policy_v1").map(([, p]) => [p.metadata.name, p.spec]));
}

function envOf(stack: SynthesizedStack, name: string): Record<string, string> {
  return Object.fromEntries((container(stack, name).env ?? []).filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
}

/** The coin stacks each coin's stack is deployed after. */
function coinDependencies(stacks: EnvironmentStacks): Record<string, string[]> {
  return Object.fromEntries(stacks.coins.map((stack) => [stack.coin, stack.dependencies.flatMap((d) => ("coin" in d ? [String(d.coin)] : []))]));
}

function errorLines(changes: Record<string, unknown>, base = "prod"): string[] {
  return [...(buildError(changes, base)?.problems ?? [])];
}

describe("an L2 reading the L1 of its own environment (prod: optimism and base read ethereum)", () => {
  const { json, stacks } = synthShipped("prod");
  const optimism = json["prod-optimism"]!;
  const ethereum = json["prod-ethereum"]!;

  it("hands op-node the L1's client Service URLs, execution and beacon, and no other service", () => {
    expect(envOf(optimism, "optimism-op-node")).toMatchObject({
      OP_NODE_L1_ETH_RPC: "http://ethereum-svc.coin-ethereum.svc:8545",
      OP_NODE_L1_BEACON: "http://ethereum-svc.coin-ethereum.svc:5052",
    });
    expect(Object.keys(envOf(optimism, "optimism-daemon-monitor"))).not.toContain("OP_NODE_L1_ETH_RPC");
    expect(Object.keys(envOf(optimism, "optimism-indexer"))).not.toContain("OP_NODE_L1_ETH_RPC");
  });

  it("lets the L2's pods reach exactly the L1's pods, on exactly the ports they read", () => {
    expect(policies(optimism)["allow-l1"]).toEqual({
      pod_selector: { match_labels: OPTIMISM_PODS },
      policy_types: ["Egress"],
      egress: [{ to: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "coin-ethereum" } }, pod_selector: { match_labels: ETHEREUM_PODS } }], ports: L1_PORTS }],
    });
  });

  it("has the L1 admit exactly the L2's pods to those ports, one policy per reader", () => {
    const own = policies(ethereum);
    expect(own["allow-optimism-l1"]).toEqual({
      pod_selector: { match_labels: ETHEREUM_PODS },
      policy_types: ["Ingress"],
      ingress: [{ from: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "coin-optimism" } }, pod_selector: { match_labels: OPTIMISM_PODS } }], ports: L1_PORTS }],
    });
    expect(Object.keys(own).filter((name) => name.endsWith("-l1")).sort()).toEqual(["allow-arbitrum-l1", "allow-arbitrum-nova-l1", "allow-base-l1", "allow-optimism-l1", "allow-polygon-l1"]);
  });

  it("deploys the L2 after the L1 (a stack dependency), and the L1 after none of them", () => {
    const after = coinDependencies(stacks);
    expect([after.optimism, after.base, after.ethereum]).toEqual([["ethereum"], ["ethereum"], []]);
    expect(after.bitcoin).toEqual([]);
  });

  it("admits nobody to the L1 when no coin of the environment reads it", () => {
    const alone = synthCoin("ethereum", { env: "prod" });
    expect(Object.keys(policies(alone)).filter((name) => name.endsWith("-l1"))).toEqual([]);
  });
});

it("lets every shipped coin's pods reach public addresses, through their P2P policy or the endpoints their definition names (issue 18: nitro had neither)", () => {
  for (const env of ["dev", "prod"]) {
    for (const [name, stack] of Object.entries(synthShipped(env).json).filter(([name]) => !/-(bootstrap|cluster|platform)$/.test(name))) {
      const out = Object.values<any>(stack.resource?.kubernetes_network_policy_v1 ?? {})
        .filter((p) => p.metadata.name === "allow-p2p" || p.metadata.name === "allow-public-endpoints")
        .flatMap((p) => p.spec.egress ?? [])
        .filter((rule: any) => rule.to.some((peer: any) => peer.ip_block?.cidr === "0.0.0.0/0"));
      expect([name, out.length > 0]).toEqual([name, true]);
    }
  }
});

describe("an L2 reading external L1 endpoints (coins.<coin>.dependencies.l1.external)", () => {
  const env = variantOf("prod", (input) => {
    input.coins.optimism.dependencies = { l1: { external: EXTERNAL } };
  });
  const { json, stacks } = synthEnvironment(env);

  it("hands op-node the configured URLs", () => {
    expect(envOf(json["prod-optimism"]!, "optimism-op-node")).toMatchObject({ OP_NODE_L1_ETH_RPC: EXTERNAL.execution, OP_NODE_L1_BEACON: EXTERNAL.beacon });
  });

  it("lets its pods reach public addresses on the endpoints' ports only, never the cluster's", () => {
    const spec = policies(json["prod-optimism"]!)["allow-l1-external"];
    expect(spec.egress).toHaveLength(1);
    expect(spec.egress[0].ports).toEqual([{ port: "443", protocol: "TCP" }, { port: "5052", protocol: "TCP" }]);
    expect(spec.egress[0].to[0].ip_block.cidr).toBe("0.0.0.0/0");
    expect(spec.egress[0].to[0].ip_block.except).toEqual(expect.arrayContaining(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"]));
    expect(policies(json["prod-optimism"]!)["allow-l1"]).toBeUndefined();
  });

  it("neither waits for the environment's ethereum nor is admitted by it", () => {
    expect(coinDependencies(stacks).optimism).toEqual([]);
    expect(Object.keys(policies(json["prod-ethereum"]!))).not.toContain("allow-optimism-l1");
  });
});

/** The L1's readers but optimism, off: the errors below are optimism's alone. */
const OTHER_READERS_OFF = readersOff("ethereum", "optimism");

describe("a dependency that cannot be served fails synth, naming the key", () => {
  const dependency = "config/prod.yaml: coins.optimism.dependencies.l1";

  it("refuses an L2 whose L1 coin is disabled and no external endpoints are named", () => {
    const lines = errorLines({ "coins.ethereum.enabled": false, ...OTHER_READERS_OFF });
    expect(lines).toEqual([
      `${dependency}: expected coins.ethereum enabled on mainnet in this environment (it is not enabled here), or name its endpoints in coins.optimism.dependencies.l1.external (execution, beacon), got nothing`,
    ]);
  });

  it("refuses an L1 on another network than the L2's needs", () => {
    const lines = errorLines({ tier: "development", "coins.ethereum.network": "sepolia", ...OTHER_READERS_OFF });
    expect(lines).toEqual([expect.stringContaining(`${dependency}: expected coins.ethereum enabled on mainnet in this environment (it runs sepolia here)`)]);
  });

  it("refuses external endpoints missing one, naming an unknown one, or carrying credentials, all at once", () => {
    const lines = errorLines({ "coins.optimism.dependencies.l1.external": { execution: "https://eth.example.org/v3/0123456789abcdef0123456789abcdef", archive: "https://a.example.org" } });
    expect(lines).toEqual([
      `${dependency}.external.archive: unknown endpoint; expected execution and beacon, got "https://a.example.org"`,
      `${dependency}.external.execution: expected an http(s) URL without credentials (no user, key or token in it): it lands in the synthesized JSON, got "https://eth.example.org/v3/0123456789abcdef0123456789abcdef"`,
      `${dependency}.external.beacon: expected the URL of ethereum's beacon endpoint (every one of execution, beacon is needed), got nothing`,
    ]);
  });

  it("refuses a dependency the coin does not have", () => {
    expect(errorLines({ "coins.bitcoin.dependencies.l1.external": EXTERNAL })).toEqual([`config/prod.yaml: coins.bitcoin.dependencies.l1: unknown dependency; bitcoin has none, got nothing`]);
  });

  it("refuses a config override of the URL variable the dependency sets", () => {
    const lines = errorLines({ "coins.optimism.services.op-node.env": { OP_NODE_L1_ETH_RPC: "https://elsewhere.example.org" } });
    expect(lines).toEqual([expect.stringMatching(/^config\/prod\.yaml: coins\.optimism\.services\.op-node\.env\.OP_NODE_L1_ETH_RPC: expected a variable the stack does not set itself \(it sets .*OP_NODE_L1_ETH_RPC/)]);
  });
});
