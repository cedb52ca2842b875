/**
 * The substrate node's startup, readiness and liveness scripts, run under /bin/sh against a
 * polkadot-like JSON-RPC 2.0 server (no credentials) on 127.0.0.1.
 */
import { closedPort, type FakeServer, fakeJsonRpc2, type RpcHandler, runScript, sandboxPerTest, scriptPath, itPassesWhenKillSwitched, itRequiresMinPeers } from "../../helpers/scripts";
import { substrateNode as node } from "../../helpers/nodes";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const STARTUP = scriptPath("substrate/startup.sh");
const READINESS = scriptPath("substrate/readiness.sh");
const LIVENESS = scriptPath("substrate/liveness.sh");

const t = sandboxPerTest();

async function serve(methods: Record<string, RpcHandler>): Promise<FakeServer> {
  const server = await fakeJsonRpc2(methods);
  t.servers.push(server);
  return server;
}

/** The environment the polkadot definition gives its nodes, pointed at the sandbox and the repository's substrate-lib.sh. */
async function run(script: string, methods: Record<string, RpcHandler> | "down", env: Record<string, string> = {}) {
  const port = methods === "down" ? await closedPort() : (await serve(methods)).port;
  return runScript(script, t.box.env({ RPC_PORT: String(port), SUBSTRATE_LIB: scriptPath("substrate/substrate-lib.sh"), ...env }));
}

describe("substrate startup.sh", () => {
  it("passes once system_health answers, without credentials, over JSON-RPC 2.0", async () => {
    const server = await serve(node({ best: 10 }));
    const result = await runScript(STARTUP, t.box.env({ RPC_PORT: String(server.port), SUBSTRATE_LIB: scriptPath("substrate/substrate-lib.sh") }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("started");
    expect(server.requests.map((r) => r.rpcMethod)).toEqual(["system_health"]);
    expect(server.requests[0]!.auth).toBeUndefined();
    expect(JSON.parse(server.requests[0]!.body).jsonrpc).toBe("2.0");
  });
  it("passes for a node that is syncing without peers (startup is not readiness)", async () => {
    expect((await run(STARTUP, node({ best: 1, peers: 0, syncing: true }))).code).toBe(0);
  });
  it("fails while the RPC is down", async () => {
    const result = await run(STARTUP, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("not started");
  });
  it("fails on a JSON-RPC error", async () => {
    const result = await run(STARTUP, { system_health: { error: { code: -32000, message: "boom" } } });
    expect(result.code).toBe(1);
    expect(result.output).toContain("RPC error -32000");
  });
  itPassesWhenKillSwitched(t, "startup", () => run(STARTUP, "down"));
});

describe("substrate readiness.sh", () => {
  it("is ready when in sync with peers", async () => {
    const result = await run(READINESS, node({ best: 100, peers: 12 }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("ready: in sync, 12 peers");
  });
  it("is not ready while syncing (behind)", async () => {
    const result = await run(READINESS, node({ best: 100, syncing: true }));
    expect(result.code).toBe(1);
    expect(result.output).toContain("not ready: syncing");
  });
  it("is not ready when isSyncing is missing", async () => {
    expect((await run(READINESS, { system_health: { result: { peers: 5 } } })).code).toBe(1);
  });
  itRequiresMinPeers((peers, env) => run(READINESS, node({ best: 100, peers }), env));
  it("accepts no peers with MIN_PEERS=0 (a private --dev chain)", async () => {
    expect((await run(READINESS, node({ best: 5, peers: 0 }), { MIN_PEERS: "0" })).code).toBe(0);
  });
  it("fails loudly on a MIN_PEERS that is not a non-negative integer", async () => {
    const result = await run(READINESS, node({ best: 5 }), { MIN_PEERS: "many" });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('invalid setting MIN_PEERS="many"');
  });
  it("is not ready while the RPC is down", async () => {
    const result = await run(READINESS, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("RPC down");
  });
  itPassesWhenKillSwitched(t, "readiness", () => run(READINESS, "down"));
});

describe("substrate liveness.sh", () => {
  it("passes on the first run after a start and records the best block (decoded from hex)", async () => {
    const result = await run(LIVENESS, node({ best: 0x1a2b3c }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("first check");
    expect(t.box.readData(".liveness-node")).toMatch(/^1715004 \d+\n$/);
  });
  it("passes when the best block advanced since the last check", async () => {
    t.box.writeData(".liveness-node", `100 ${Math.floor(Date.now() / 1000) - 10_000}\n`);
    const result = await run(LIVENESS, node({ best: 101 }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("alive: height 101 (was 100)");
  });
  it("passes while the best block stands still within LIVENESS_WINDOW_SECONDS", async () => {
    t.box.writeData(".liveness-node", `100 ${Math.floor(Date.now() / 1000) - 100}\n`);
    expect((await run(LIVENESS, node({ best: 100 }), { LIVENESS_WINDOW_SECONDS: "900" })).code).toBe(0);
  });
  it("fails when the best block stalled for longer than LIVENESS_WINDOW_SECONDS", async () => {
    t.box.writeData(".liveness-node", `100 ${Math.floor(Date.now() / 1000) - 1000}\n`);
    const result = await run(LIVENESS, node({ best: 100 }), { LIVENESS_WINDOW_SECONDS: "900" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("not alive: height stuck at 100");
  });
  it("never fails a stall with LIVENESS_WINDOW_SECONDS=0 (a private --dev chain)", async () => {
    t.box.writeData(".liveness-node", "100 1\n");
    expect((await run(LIVENESS, node({ best: 100 }), { LIVENESS_WINDOW_SECONDS: "0" })).code).toBe(0);
  });
  it("ignores sync status: a syncing node that advances is alive", async () => {
    t.box.writeData(".liveness-node", "100 1\n");
    expect((await run(LIVENESS, node({ best: 5000, syncing: true, peers: 0 }))).code).toBe(0);
  });
  it("fails while the RPC is down", async () => {
    const result = await run(LIVENESS, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("not alive");
  });
  it("fails on a header without a hex block number", async () => {
    const result = await run(LIVENESS, { chain_getHeader: { result: { number: "0xzz" } } });
    expect(result.code).toBe(1);
    expect(result.output).toContain("not hex");
  });
  itPassesWhenKillSwitched(t, "liveness", () => run(LIVENESS, "down"));
});
