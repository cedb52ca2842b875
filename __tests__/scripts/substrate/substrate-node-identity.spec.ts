/**
 * Node keys stay in their own pod: init.sh generates the key on first start on the node's data
 * volume and keeps it across restarts; in protected mode it publishes its own (public) peer ID
 * and reserves its peers by the IDs they publish (a fake publisher on 127.0.0.1).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeSubstrateNode, GENERATED_KEY, peerIdOf } from "../../helpers/substrate";
import { fakeHttp, runScript, sandboxPerTest, scriptPath, startScript, waitFor, type HttpReply } from "../../helpers/scripts";

jest.setTimeout(60_000);

const INIT = scriptPath("substrate/init.sh");
const t = sandboxPerTest();

function nodeEnv(extra: Record<string, string> = {}): Record<string, string> {
  return t.box.env({ SUBSTRATE_LIB: scriptPath("substrate/substrate-lib.sh"), NODE_BINARY: "fakedot", CHAIN_FLAG: "--chain=polkadot", RPC_PORT: "9944", P2P_PORT: "30333", METRICS_PORT: "9615", POD_NAME: "polkadot-validator-sts-0", PEER_ID_WAIT_INTERVAL: "1", ...extra });
}

function argv(node: ReturnType<typeof fakeSubstrateNode>): string[] {
  return (node.out("argv") ?? "").trim().split("\n");
}

/** A peer's publisher: GET /peer-id answers each reply in turn (the last one from then on). */
async function publisher(...replies: HttpReply[]): Promise<string> {
  const server = await fakeHttp({ "/peer-id": (call) => replies[Math.min(call, replies.length) - 1]! });
  t.servers.push(server);
  return String(server.port);
}

const KEY_FILE = () => join(t.box.dataDir, "node-key");
const FULL_NODE_ID = peerIdOf("Fuzz");

describe("the node key", () => {
  it("is generated on first start on the node's own volume, readable by the node's user only, and passed by path", async () => {
    const node = fakeSubstrateNode(t.box);
    const result = await runScript(INIT, nodeEnv());
    expect(result.code).toBe(0);
    expect(readFileSync(KEY_FILE(), "utf8")).toBe(GENERATED_KEY);
    expect(statSync(KEY_FILE()).mode & 0o777).toBe(0o600);
    expect(argv(node)).toContain(`--node-key-file=${KEY_FILE()}`);
    expect(result.output).toContain("generated this node's key on its volume");
  });

  it("is kept across restarts: an existing key is never replaced", async () => {
    fakeSubstrateNode(t.box);
    writeFileSync(KEY_FILE(), "Kept".repeat(16));
    expect((await runScript(INIT, nodeEnv())).code).toBe(0);
    expect(readFileSync(KEY_FILE(), "utf8")).toBe("Kept".repeat(16));
    expect(existsSync(join(t.box.root, "generating"))).toBe(false);
  });

  it("comes from no Secret: nothing under /secrets is read", async () => {
    fakeSubstrateNode(t.box);
    const result = await runScript(INIT, nodeEnv({ SECRETS_DIR: join(t.box.root, "no-such-dir") }));
    expect(result.code).toBe(0);
  });
});

describe("the peer ID", () => {
  it("is published in PEER_ID_DIR for the reserved peers before the node starts", async () => {
    fakeSubstrateNode(t.box);
    const dir = join(t.box.root, "published");
    expect((await runScript(INIT, nodeEnv({ PEER_ID_DIR: dir }))).code).toBe(0);
    expect(readFileSync(join(dir, "peer-id"), "utf8")).toBe(`${peerIdOf(GENERATED_KEY)}\n`);
  });

  it("is not published without PEER_ID_DIR (outside protected mode)", async () => {
    fakeSubstrateNode(t.box);
    const result = await runScript(INIT, nodeEnv());
    expect(result.output).not.toContain("published peer ID");
  });
});

describe("reserved peers", () => {
  it("are read while this node publishes its own ID in the scratch directory's peer-id folder, as the StatefulSet sets it (PEER_ID_DIR=/tmp/peer-id, scratch /tmp)", async () => {
    fakeSubstrateNode(t.box);
    const port = await publisher({ body: `${FULL_NODE_ID}\n` });
    const published = join(t.box.runtimeDir, "peer-id");
    const result = await runScript(INIT, nodeEnv({ ROLE: "validator", PEER_ID_DIR: published, PEER_ID_PORT: port, RESERVED_PEERS: "localhost" }), 10_000);
    expect(result.output).toContain(`reserved peer localhost (${FULL_NODE_ID})`);
    expect(result.code).toBe(0);
    expect(readFileSync(join(published, "peer-id"), "utf8")).toBe(`${peerIdOf(GENERATED_KEY)}\n`);
  });

  it("are dialled by DNS name with the peer ID each publishes, reserved-only when asked", async () => {
    const node = fakeSubstrateNode(t.box);
    const port = await publisher({ body: `${FULL_NODE_ID}\n` });
    const result = await runScript(INIT, nodeEnv({ ROLE: "validator", PEER_ID_PORT: port, RESERVED_PEERS: "127.0.0.1 localhost", RESERVED_ONLY: "1" }));
    expect(result.code).toBe(0);
    expect(argv(node)).toEqual(
      expect.arrayContaining([`--reserved-nodes=/dns4/127.0.0.1/tcp/30333/p2p/${FULL_NODE_ID}`, `--reserved-nodes=/dns4/localhost/tcp/30333/p2p/${FULL_NODE_ID}`, "--reserved-only"]),
    );
  });

  it("are waited for until they publish (a peer still starting answers 404)", async () => {
    const node = fakeSubstrateNode(t.box);
    const port = await publisher({ status: 404, body: "not found" }, { body: FULL_NODE_ID });
    const result = await runScript(INIT, nodeEnv({ PEER_ID_PORT: port, RESERVED_PEERS: "127.0.0.1" }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("waiting 1s for 127.0.0.1 to publish its peer ID");
    expect(argv(node)).toContain(`--reserved-nodes=/dns4/127.0.0.1/tcp/30333/p2p/${FULL_NODE_ID}`);
  });

  it("never take something that is not a peer ID for one", async () => {
    const node = fakeSubstrateNode(t.box);
    const port = await publisher({ body: "<html>oops</html>" }, { body: FULL_NODE_ID });
    const result = await runScript(INIT, nodeEnv({ PEER_ID_PORT: port, RESERVED_PEERS: "127.0.0.1" }));
    expect(result.output).toContain('127.0.0.1 publishes no valid peer ID: "<html>oops</html>"');
    expect(argv(node).filter((a) => a.startsWith("--reserved-nodes"))).toEqual([`--reserved-nodes=/dns4/127.0.0.1/tcp/30333/p2p/${FULL_NODE_ID}`]);
  });

  it.each(["SIGTERM", "SIGINT"] as const)("stop init at once on %s while it waits for a peer, without starting the node", async (signal) => {
    const node = fakeSubstrateNode(t.box);
    const port = await publisher({ status: 404, body: "" });
    const running = startScript(INIT, nodeEnv({ PEER_ID_PORT: port, RESERVED_PEERS: "127.0.0.1" }));
    await waitFor(() => running.output().includes("waiting 1s for 127.0.0.1"), "init.sh to wait for the peer");
    running.child.kill(signal);
    const result = await running.done;
    expect(result.code).toBe(143);
    expect(node.out("pid")).toBeUndefined();
  });
});
