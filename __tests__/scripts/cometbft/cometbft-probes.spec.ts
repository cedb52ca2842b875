/**
 * The CometBFT node's startup, liveness and readiness scripts, run under /bin/sh against fake
 * CometBFT RPC servers on 127.0.0.1 speaking its real answers (/status, /net_info): the node
 * itself and the third-party reference endpoints readiness compares its height with.
 */
import { closedPort, fakeHttp, type FakeServer, type HttpReply, itPassesWhenKillSwitched, itRequiresMinPeers, runScript, sandboxPerTest, scriptPath } from "../../helpers/scripts";
import { cometbftNode } from "../../helpers/nodes";
import { readProbeMetrics } from "../../helpers/probe-metrics";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const STARTUP = scriptPath("cometbft/daemon/startup.sh");
const READINESS = scriptPath("cometbft/daemon/readiness.sh");
const LIVENESS = scriptPath("cometbft/daemon/liveness.sh");

const t = sandboxPerTest();

async function serve(routes: Record<string, HttpReply | ((call: number) => HttpReply)>): Promise<FakeServer> {
  const server = await fakeHttp(routes);
  t.servers.push(server);
  return server;
}

/** Reference endpoints at these heights; "down" is a port where nothing listens. */
async function references(...heights: (number | "down")[]): Promise<string> {
  const urls = await Promise.all(heights.map(async (h) => (h === "down" ? `http://127.0.0.1:${await closedPort()}` : (await serve(cometbftNode({ height: h }))).url)));
  return urls.join(",");
}

async function run(script: string, routes: Record<string, HttpReply | ((call: number) => HttpReply)> | "down", env: Record<string, string> = {}) {
  const port = routes === "down" ? await closedPort() : (await serve(routes)).port;
  return runScript(script, t.box.env({ RPC_PORT: String(port), REFERENCE_QUORUM: "2", ...env }));
}

describe("cometbft daemon startup.sh", () => {
  it("passes once the RPC answers /status, at any height (state sync starts at 0)", async () => {
    const server = await serve(cometbftNode({ height: 0, catchingUp: true, peers: 0 }));
    const result = await runScript(STARTUP, t.box.env({ RPC_PORT: String(server.port) }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("started: RPC answers at block 0");
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /status"]);
  });
  it("fails while the RPC is down", async () => {
    const result = await run(STARTUP, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("not started: RPC down");
  });
  it("fails on an answer that is not a status (garbage)", async () => {
    const result = await run(STARTUP, { "/status": { body: "<html>gateway</html>" } });
    expect(result.code).toBe(1);
    expect(result.output).toContain("unexpected answer from");
  });
  it("fails on an HTTP error", async () => {
    const result = await run(STARTUP, { "/status": { status: 500, json: { jsonrpc: "2.0", id: -1, error: { code: -32603, message: "Internal error" } } } });
    expect(result.code).toBe(1);
    expect(result.output).toContain("RPC down");
  });
  itPassesWhenKillSwitched(t, "startup", () => run(STARTUP, "down"));
});

describe("cometbft daemon readiness.sh", () => {
  it("is ready when caught up, with peers and at the references' height", async () => {
    const refs = await references(1000, 1000, 1000);
    const result = await run(READINESS, cometbftNode({ height: 1000 }), { REFERENCE_ENDPOINTS: refs });
    expect(result.code).toBe(0);
    expect(result.output).toContain("ready: block 1000, 20 peers, within 5 of 3 of 3 references");
  });
  it("is not ready while catching up, whatever the references say", async () => {
    const refs = await references(1000, 1000);
    const result = await run(READINESS, cometbftNode({ height: 990, catchingUp: true }), { REFERENCE_ENDPOINTS: refs });
    expect(result.code).toBe(1);
    expect(result.output).toContain("not ready: catching up (block 990)");
  });
  it("is not ready while the RPC is down", async () => {
    const result = await run(READINESS, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("not ready: RPC down");
  });
  it("is not ready when /net_info answers garbage", async () => {
    const result = await run(READINESS, { ...cometbftNode({ height: 1000 }), "/net_info": { body: "{}" } });
    expect(result.code).toBe(1);
    expect(result.output).toContain("unexpected answer from");
  });

  describe("peers >= MIN_PEERS (default 1)", () => {
    itRequiresMinPeers((peers, env) => run(READINESS, cometbftNode({ height: 1000, peers }), env));
  });

  describe("height >= reference - BLOCK_TOLERANCE (default 5) for REFERENCE_QUORUM references", () => {
    it("is ready five blocks behind the references", async () => {
      const refs = await references(1005, 1005, 1005);
      expect((await run(READINESS, cometbftNode({ height: 1000 }), { REFERENCE_ENDPOINTS: refs })).code).toBe(0);
    });
    it("is not ready six blocks behind (behind, though not catching up: a stalled node)", async () => {
      const refs = await references(1006, 1006, 1006);
      const result = await run(READINESS, cometbftNode({ height: 1000 }), { REFERENCE_ENDPOINTS: refs });
      expect(result.code).toBe(1);
      expect(result.output).toContain("we are 6 behind");
      expect(result.output).toContain("not ready: block 1000 is more than 5 behind for 3 of 3 references");
    });
    it("is ready when a quorum agrees and one reference is far ahead (a broken reference)", async () => {
      const refs = await references(1000, 1001, 900_000);
      expect((await run(READINESS, cometbftNode({ height: 1000 }), { REFERENCE_ENDPOINTS: refs })).code).toBe(0);
    });
    it("fails open when no reference answers", async () => {
      const result = await run(READINESS, cometbftNode({ height: 1000 }), { REFERENCE_ENDPOINTS: await references("down", "down") });
      expect(result.code).toBe(0);
      expect(result.output).toContain("no reference endpoint answered, failing open");
    });
    it("is ready without reference endpoints configured", async () => {
      const result = await run(READINESS, cometbftNode({ height: 1000 }));
      expect(result.code).toBe(0);
      expect(result.output).toContain("ready: block 1000, 20 peers (no reference endpoints configured)");
    });
    it("asks a reference that answers slower than REFERENCE_TIMEOUT no longer", async () => {
      const slow = await serve({ "/status": () => ({ body: "" }) });
      slow.requests.length = 0;
      const refs = await references(1000, 1000);
      const result = await run(READINESS, cometbftNode({ height: 1000 }), { REFERENCE_ENDPOINTS: `${refs},${slow.url}`, REFERENCE_TIMEOUT: "1" });
      expect(result.code).toBe(0);
      expect(result.output).toContain(`reference ${slow.url}: no usable answer`);
    });
  });

  it("writes its height, peers and lag behind the references as probe metrics", async () => {
    const refs = await references(1003, 1004, 1010);
    const result = await run(READINESS, cometbftNode({ height: 1000 }), { REFERENCE_ENDPOINTS: refs, PROBE_METRICS_SERVICE: "daemon", PROBE_METRICS_DIR: t.box.runtimeDir });
    expect(result.code).toBe(0);
    expect(readProbeMetrics(t.box.runtimeDir, "daemon")).toEqual({ coinstack_probe_height: 1000, coinstack_probe_peers: 20, coinstack_probe_sync_lag_blocks: 4 });
  });
  itPassesWhenKillSwitched(t, "readiness", () => run(READINESS, "down"));
});

describe("cometbft daemon liveness.sh", () => {
  it("records the first height it sees, then passes while the height moves", async () => {
    let height = 500;
    const server = await serve({ "/status": () => cometbftNode({ height: height++ })["/status"]! });
    const env = t.box.env({ RPC_PORT: String(server.port) });
    expect((await runScript(LIVENESS, env)).output).toContain("alive: first check, height 500 recorded");
    expect((await runScript(LIVENESS, env)).output).toContain("alive: height 501 (was 500)");
  });
  it("fails when the height has not moved for longer than LIVENESS_WINDOW_SECONDS (stalled)", async () => {
    t.box.writeData(".liveness-daemon", `500 ${Math.floor(Date.now() / 1000) - 1000}\n`);
    const result = await run(LIVENESS, cometbftNode({ height: 500 }), { LIVENESS_WINDOW_SECONDS: "900" });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/not alive: height stuck at 500 for \d+s \(window 900s\)/);
  });
  it("passes at height 0 however long it lasts: state sync is restoring, and a restart would start it over", async () => {
    t.box.writeData(".liveness-daemon", `0 ${Math.floor(Date.now() / 1000) - 100_000}\n`);
    const result = await run(LIVENESS, cometbftNode({ height: 0, catchingUp: true }), { LIVENESS_WINDOW_SECONDS: "900" });
    expect(result.code).toBe(0);
    expect(result.output).toContain("alive: no block yet");
  });
  it("fails while the RPC is down", async () => {
    const result = await run(LIVENESS, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("not alive: RPC down");
  });
  itPassesWhenKillSwitched(t, "liveness", () => run(LIVENESS, "down"));
});
