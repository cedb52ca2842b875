/**
 * The substrate node's init.sh, with a fake node binary (NODE_BINARY) that records its PID,
 * argv and environment and answers `key generate-node-key` and `key inspect-node-key`.
 * Node keys and reserved peering: substrate-node-identity.spec.ts.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fakeSubstrateNode, GENERATED_KEY } from "../../helpers/substrate";
import { runScript, sandboxPerTest, scriptPath, startScript, waitFor } from "../../helpers/scripts";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const INIT = scriptPath("substrate/init.sh");

const t = sandboxPerTest();

/** The environment the polkadot definition gives a full node, pointed at the sandbox. */
function nodeEnv(extra: Record<string, string> = {}): Record<string, string> {
  return t.box.env({ SUBSTRATE_LIB: scriptPath("substrate/substrate-lib.sh"), NODE_BINARY: "fakedot", CHAIN_FLAG: "--chain=polkadot", RPC_PORT: "9944", P2P_PORT: "30333", METRICS_PORT: "9615", P2P_PORT_NAME: "P2P", POD_NAME: "polkadot-sts-0", ...extra });
}

function lines(text: string | undefined): string[] {
  return (text ?? "").trim().split("\n");
}

const fakeNode = (options: { waitForTerm?: boolean; generateSeconds?: number } = {}) => fakeSubstrateNode(t.box, options);

describe("substrate init.sh", () => {
  it("execs the node: the node runs as the init shell's own process", async () => {
    const node = fakeNode();
    const result = await runScript(INIT, nodeEnv());
    expect(result.code).toBe(0);
    expect(Number(node.out("pid"))).toBe(result.pid);
  });

  it("starts a full node on the chain, data dir, ports and metrics, RPC external with safe methods only", async () => {
    const node = fakeNode();
    expect((await runScript(INIT, nodeEnv({ RPC_EXTERNAL: "1" }))).code).toBe(0);
    const argv = lines(node.out("argv"));
    expect(argv).toEqual(
      expect.arrayContaining([
        "--chain=polkadot",
        `--base-path=${t.box.dataDir}`,
        "--name=polkadot-sts-0",
        "--port=30333",
        "--rpc-port=9944",
        "--prometheus-external",
        "--prometheus-port=9615",
        "--rpc-external",
        "--rpc-methods=safe",
      ]),
    );
    expect(argv).not.toContain("--validator");
    expect(argv.filter((a) => a.startsWith("--node-key"))).toEqual([`--node-key-file=${join(t.box.dataDir, "node-key")}`]);
    expect(argv.some((a) => a.startsWith("--reserved"))).toBe(false);
  });

  it("passes --dev for a private development chain", async () => {
    const node = fakeNode();
    expect((await runScript(INIT, nodeEnv({ CHAIN_FLAG: "--dev" }))).code).toBe(0);
    expect(lines(node.out("argv"))).toContain("--dev");
  });

  it("runs a validator with its RPC on 127.0.0.1 only", async () => {
    const node = fakeNode();
    expect((await runScript(INIT, nodeEnv({ ROLE: "validator", RPC_EXTERNAL: "0" }))).code).toBe(0);
    const argv = lines(node.out("argv"));
    expect(argv).toContain("--validator");
    expect(argv).not.toContain("--rpc-external");
  });

  it("never puts a node key on the command line or in the environment", async () => {
    const node = fakeNode();
    expect((await runScript(INIT, nodeEnv({ ROLE: "validator" }))).code).toBe(0);
    for (const text of [node.out("argv")!, node.out("env")!]) expect(text).not.toContain(GENERATED_KEY);
    expect(node.out("argv")).not.toMatch(/--node-key=/);
  });

  it("refuses --reserved-only without reserved peers (the node would have none)", async () => {
    const node = fakeNode();
    const result = await runScript(INIT, nodeEnv({ RESERVED_ONLY: "1" }));
    expect(result.code).not.toBe(0);
    expect(node.out("pid")).toBeUndefined();
  });

  it("advertises the pod's own load balancer name for LoadBalancer exposure", async () => {
    const node = fakeNode();
    const env = nodeEnv({ P2P_EXPOSURE: "LoadBalancer", POD_INDEX: "1", P2P_ADVERTISE_HOST_TEMPLATE: "p2p-{index}.polkadot.example.com", P2P_ADVERTISE_PORT_STRIDE: "0", P2P_ADVERTISE_PORT_BASE_P2P: "30333" });
    expect((await runScript(INIT, env)).code).toBe(0);
    expect(lines(node.out("argv"))).toContain("--public-addr=/dns4/p2p-1.polkadot.example.com/tcp/30333");
  });

  it("advertises node IP + NodePort base + POD_INDEX for NodePort exposure", async () => {
    const node = fakeNode();
    const env = nodeEnv({ P2P_EXPOSURE: "NodePort", POD_INDEX: "2", P2P_ADVERTISE_HOST: "203.0.113.7", P2P_ADVERTISE_PORT_STRIDE: "1", P2P_ADVERTISE_PORT_BASE_P2P: "30500" });
    expect((await runScript(INIT, env)).code).toBe(0);
    expect(lines(node.out("argv"))).toContain("--public-addr=/ip4/203.0.113.7/tcp/30502");
  });

  it("clears the node's liveness record, so the first check after a restart cannot fail", async () => {
    fakeNode();
    t.box.writeData(".liveness-node", "100 1\n");
    expect((await runScript(INIT, nodeEnv())).code).toBe(0);
    expect(t.box.readData(".liveness-node")).toBeUndefined();
  });

  it("lets the kubelet's SIGTERM reach the node directly (no wrapper in between)", async () => {
    const node = fakeNode({ waitForTerm: true });
    const running = startScript(INIT, nodeEnv());
    await waitFor(() => node.out("ready") !== undefined, "the fake node to start");
    running.child.kill("SIGTERM");
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(node.out("stopped")).toBe("clean\n");
  });

  it.each(["SIGTERM", "SIGINT"] as const)("stops at once on %s while generating its node key, without starting the node", async (signal) => {
    const node = fakeNode({ generateSeconds: 30 });
    const running = startScript(INIT, nodeEnv());
    await waitFor(() => existsSync(join(t.box.root, "generating")), "init.sh to generate the node key");
    running.child.kill(signal);
    const result = await running.done;
    expect(result.code).toBe(143);
    expect(result.output).toContain("stopping before the node started");
    expect(node.out("pid")).toBeUndefined();
  });
});
