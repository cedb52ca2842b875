/**
 * op-node's readiness script (coinstacks/opstack/op-node/readiness.sh), run under /bin/sh as the
 * monitor container runs it (the trace holds it to the monitor image's commands: curl, jq, no wget),
 * against an op-node-like JSON-RPC 2.0 server on 127.0.0.1 answering op-node's own shapes:
 * optimism_syncStatus (op-service/eth/sync_status.go, id.go) and opp2p_peerStats
 * (op-node/p2p/rpc_server.go).
 */
import {
  closedPort,
  type FakeServer,
  fakeJsonRpc2,
  itPassesWhenKillSwitched,
  itRequiresMinPeers,
  type RpcHandler,
  runScript,
  sandboxPerTest,
  scriptPath,
} from "../../helpers/scripts";
import { OP_NODE_UNSAFE as UNSAFE, opNode, peerStats, syncStatus } from "../../helpers/nodes";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const READINESS = scriptPath("opstack/op-node/readiness.sh");

const t = sandboxPerTest();

async function serve(methods: Record<string, RpcHandler>): Promise<FakeServer> {
  const server = await fakeJsonRpc2(methods);
  t.servers.push(server);
  return server;
}

async function run(node: Record<string, RpcHandler> | "down", env: Record<string, string> = {}) {
  const port = node === "down" ? await closedPort() : (await serve(node)).port;
  return runScript(READINESS, t.box.env({ RPC_PORT: String(port), ...env }));
}

/** Its only line: the verdict, a colon and the reason. */
const NOT_READY = /^not ready: [^\n]*\S\n$/;

it("is ready when the unsafe L2 head is fresh and op-node has peers, saying the head, its age and the peers", async () => {
  const result = await run(opNode({ age: 2, peers: 12 }));
  expect(result.code).toBe(0);
  expect(result.output).toMatch(/^ready: unsafe L2 head 135000000, [23]s old, 12 peers\n$/);
});

it("asks optimism_syncStatus, then opp2p_peerStats, as JSON-RPC 2.0 calls without parameters", async () => {
  const server = await serve(opNode());
  await runScript(READINESS, t.box.env({ RPC_PORT: String(server.port) }));
  expect(server.requests.map((r) => [r.method, r.rpcMethod])).toEqual([
    ["POST", "optimism_syncStatus"],
    ["POST", "opp2p_peerStats"],
  ]);
  expect(server.requests.map((r) => JSON.parse(r.body) as unknown)).toEqual([
    { jsonrpc: "2.0", id: 1, method: "optimism_syncStatus", params: [] },
    { jsonrpc: "2.0", id: 1, method: "opp2p_peerStats", params: [] },
  ]);
});

describe("the unsafe L2 head is at most UNSAFE_HEAD_MAX_AGE_SECONDS (default 120) old", () => {
  it("is not ready when the head is older than 120 s, saying its number and age", async () => {
    const result = await run(opNode({ age: 300 }));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^not ready: unsafe L2 head 135000000 is 30[01]s old \(more than 120s\): still syncing, or stalled\n$/);
  });
  it("is ready with a head 100 s old", async () => {
    expect((await run(opNode({ age: 100 }))).code).toBe(0);
  });
  it("takes the limit from UNSAFE_HEAD_MAX_AGE_SECONDS", async () => {
    expect((await run(opNode({ age: 300 }), { UNSAFE_HEAD_MAX_AGE_SECONDS: "600" })).code).toBe(0);
    const result = await run(opNode({ age: 300 }), { UNSAFE_HEAD_MAX_AGE_SECONDS: "200" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("(more than 200s)");
  });
  it("does not ask for peers while the head is stale", async () => {
    const server = await serve(opNode({ age: 3_600, peers: 0 }));
    const result = await runScript(READINESS, t.box.env({ RPC_PORT: String(server.port) }));
    expect(result.output).toContain("s old (more than 120s)");
    expect(server.requests.map((r) => r.rpcMethod)).toEqual(["optimism_syncStatus"]);
  });
});

describe("connected peers >= MIN_PEERS (default 1)", () => {
  itRequiresMinPeers((peers, env) => run(opNode({ peers }), env));
  it("is ready without peers when MIN_PEERS=0", async () => {
    const result = await run(opNode({ peers: 0 }), { MIN_PEERS: "0" });
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/, 0 peers\n$/);
  });
  it("is not ready when opp2p_peerStats answers an error (p2p disabled), saying it", async () => {
    const result = await run(opNode({ peerStats: { error: { code: -32601, message: "the method opp2p_peerStats does not exist/is not available" } } }));
    expect(result.code).toBe(1);
    expect(result.output).toBe("not ready: RPC error -32601 from opp2p_peerStats: the method opp2p_peerStats does not exist/is not available\n");
  });
  it("is not ready when opp2p_peerStats has no integer connected", async () => {
    const result = await run(opNode({ peerStats: { result: { ...peerStats(12), connected: "12" } } }));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^not ready: no integer connected in the answer to opp2p_peerStats: \{"jsonrpc":"2.0","result":\{"connected":"12",/);
  });
});

describe("an unusable answer to optimism_syncStatus", () => {
  it("is not ready while the RPC is down (nothing listens), saying so", async () => {
    const result = await run("down");
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^not ready: RPC down: no answer from http:\/\/127\.0\.0\.1:\d+ to optimism_syncStatus \(cannot connect\)\n$/);
  });
  it("is not ready on an HTTP error status, saying the status and the body", async () => {
    const result = await run(opNode({ syncStatus: { status: 503, body: "<html>\n<body>upstream unavailable</body>\n</html>\n" } }));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^not ready: HTTP 503 from http:\/\/127\.0\.0\.1:\d+ to optimism_syncStatus: <html> <body>upstream unavailable<\/body> <\/html>\n$/);
  });
  it("is not ready on a JSON-RPC error, saying its code and message", async () => {
    const result = await run(opNode({ syncStatus: { error: { code: -32000, message: "engine not ready" } } }));
    expect(result.code).toBe(1);
    expect(result.output).toBe("not ready: RPC error -32000 from optimism_syncStatus: engine not ready\n");
  });
  it("is not ready on an answer that is not JSON, quoting it", async () => {
    const result = await run(opNode({ syncStatus: { status: 200, body: "<html><body>502 Bad Gateway</body></html>\n" } }));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^not ready: unexpected answer from http:\/\/127\.0\.0\.1:\d+ to optimism_syncStatus: <html><body>502 Bad Gateway<\/body><\/html>\n$/);
  });
  it("is not ready on a result without unsafe_l2, quoting the answer", async () => {
    const { unsafe_l2: _dropped, ...rest } = syncStatus(UNSAFE, 2);
    const result = await run(opNode({ syncStatus: { result: rest } }));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(NOT_READY);
    expect(result.output).toMatch(/^not ready: no integer unsafe_l2\.number and unsafe_l2\.timestamp in the answer to optimism_syncStatus: \{"jsonrpc":"2.0","result":\{"current_l1":/);
  });
  it("is not ready when unsafe_l2.timestamp is a string of digits rather than a number", async () => {
    const status = syncStatus(UNSAFE, 2);
    const result = await run(opNode({ syncStatus: { result: { ...status, unsafe_l2: { ...status.unsafe_l2, timestamp: String(status.unsafe_l2.timestamp) } } } }));
    expect(result.code).toBe(1);
    expect(result.output).toContain("not ready: no integer unsafe_l2.number and unsafe_l2.timestamp");
  });
  it("is not ready when unsafe_l2.number is not an integer (a hex quantity)", async () => {
    const status = syncStatus(UNSAFE, 2);
    const result = await run(opNode({ syncStatus: { result: { ...status, unsafe_l2: { ...status.unsafe_l2, number: "0x80befc0" } } } }));
    expect(result.code).toBe(1);
    expect(result.output).toContain("not ready: no integer unsafe_l2.number and unsafe_l2.timestamp");
  });
  it("is not ready when op-node answers later than RPC_TIMEOUT, giving up at the timeout", async () => {
    const started = Date.now();
    const result = await run(opNode({ syncStatus: { delayMs: 5_000, then: { result: syncStatus(UNSAFE, 2) } } }), { RPC_TIMEOUT: "1" });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^not ready: RPC down: no answer from http:\/\/127\.0\.0\.1:\d+ to optimism_syncStatus \(no answer within 1s\)\n$/);
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});

itPassesWhenKillSwitched(t, "readiness", () => run("down"));

it("refuses a malformed UNSAFE_HEAD_MAX_AGE_SECONDS instead of misreading it, without asking op-node", async () => {
  const server = await serve(opNode());
  const result = await runScript(READINESS, t.box.env({ RPC_PORT: String(server.port), UNSAFE_HEAD_MAX_AGE_SECONDS: "2m" }));
  expect(result.code).not.toBe(0);
  expect(result.output).toContain('invalid setting UNSAFE_HEAD_MAX_AGE_SECONDS="2m": expected a non-negative integer');
  expect(server.requests).toEqual([]);
});
