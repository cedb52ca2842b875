/**
 * The substrate init.sh refuses to start the node on a missing or malformed input: it exits 2,
 * saying why, before the node starts and before it waits for anything (issue 19, item 3). A
 * setting read inside another command's arguments (`[ "$(setting X 0)" -eq 1 ]`) would not stop
 * it: the test would merely be false, and the node would start without the flag.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeSubstrateNode, peerIdOf } from "../../helpers/substrate";
import { fakeHttp, runScript, sandboxPerTest, scriptPath } from "../../helpers/scripts";

jest.setTimeout(60_000);

const INIT = scriptPath("substrate/init.sh");
const t = sandboxPerTest();

function nodeEnv(extra: Record<string, string> = {}): Record<string, string> {
  return t.box.env({ SUBSTRATE_LIB: scriptPath("substrate/substrate-lib.sh"), NODE_BINARY: "fakedot", CHAIN_FLAG: "--chain=polkadot", RPC_PORT: "9944", P2P_PORT: "30333", PEER_ID_WAIT_INTERVAL: "1", ...extra });
}

/** Runs init.sh with `env` (a peer that never publishes would make a waiting init time out) and expects exit 2 without the node. */
async function refuses(env: Record<string, string>, why: string, options: { generates?: string } = {}): Promise<void> {
  const node = fakeSubstrateNode(t.box, options);
  const result = await runScript(INIT, nodeEnv(env), 10_000);
  expect(result.code).toBe(2);
  expect(result.output).toContain(why);
  expect(node.out("pid")).toBeUndefined();
}

describe("substrate init.sh exits 2 without starting the node", () => {
  it("without CHAIN_FLAG", async () => {
    await refuses({ CHAIN_FLAG: "" }, "CHAIN_FLAG");
  });

  it("on a RESERVED_ONLY that is not a non-negative integer (a protected validator must not start open)", async () => {
    const fullNode = await fakeHttp({ "/peer-id": { body: peerIdOf("Fuzz") } });
    t.servers.push(fullNode);
    await refuses({ ROLE: "validator", RESERVED_PEERS: "127.0.0.1", PEER_ID_PORT: String(fullNode.port), RESERVED_ONLY: "yes" }, 'invalid setting RESERVED_ONLY="yes"');
  });

  it("on an RPC_EXTERNAL that is not a non-negative integer", async () => {
    await refuses({ RPC_EXTERNAL: "yes" }, 'invalid setting RPC_EXTERNAL="yes"');
  });

  it("on a reserved peer that is not a host name, at once instead of waiting for it forever", async () => {
    await refuses({ RESERVED_PEERS: "polkadot-validator-sts-0:30334" }, 'RESERVED_PEERS holds "polkadot-validator-sts-0:30334", which is not a host name');
  });

  it("when the node writes no key (generate-node-key leaves an empty file)", async () => {
    await refuses({}, "cannot generate a node key", { generates: "" });
  });

  it("when the node key is not a readable file", async () => {
    mkdirSync(join(t.box.dataDir, "node-key", "oops"), { recursive: true });
    await refuses({}, "node-key is not a readable file");
  });

  it("when its peer ID cannot be published", async () => {
    writeFileSync(join(t.box.root, "a-file"), "");
    await refuses({ PEER_ID_DIR: join(t.box.root, "a-file", "peer-id") }, "cannot publish this node's peer ID");
  });
});
