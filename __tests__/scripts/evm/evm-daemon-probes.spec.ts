/**
 * geth's startup, readiness and liveness scripts, run under /bin/sh against
 * geth-like JSON-RPC 2.0 servers on 127.0.0.1: the node itself and the
 * third-party reference endpoints readiness compares its height with.
 */
import { closedPort, type FakeServer, fakeEthRpc, type RpcHandler, runScript, sandboxPerTest, scriptPath, itPassesWhenKillSwitched, itRequiresMinPeers } from "../../helpers/scripts";
import { geth } from "../../helpers/nodes";
import { readProbeMetrics } from "../../helpers/probe-metrics";
import { readdirSync } from "node:fs";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const STARTUP = scriptPath("evm/daemon/startup.sh");
const READINESS = scriptPath("evm/daemon/readiness.sh");
const LIVENESS = scriptPath("evm/daemon/liveness.sh");

const t = sandboxPerTest();

async function serve(methods: Record<string, RpcHandler>): Promise<FakeServer> {
  const server = await fakeEthRpc(methods);
  t.servers.push(server);
  return server;
}

/** Reference endpoints at these heights; "down" is a port where nothing listens. */
async function references(...heights: (number | "down")[]): Promise<string> {
  const urls = await Promise.all(heights.map(async (h) => (h === "down" ? `http://127.0.0.1:${await closedPort()}` : (await serve(geth({ height: h }))).url)));
  return urls.join(",");
}

async function run(script: string, methods: Record<string, RpcHandler> | "down", env: Record<string, string> = {}) {
  const port = methods === "down" ? await closedPort() : (await serve(methods)).port;
  return runScript(script, t.box.env({ RPC_PORT: String(port), REFERENCE_QUORUM: "2", ...env }));
}

describe("evm daemon startup.sh", () => {
  it("passes once the RPC answers, at any height (snap sync starts at 0)", async () => {
    const server = await serve(geth({ height: 0, peers: 0 }));
    const result = await runScript(STARTUP, t.box.env({ RPC_PORT: String(server.port) }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("started: RPC answers at block 0");
    expect(server.requests.map((r) => r.rpcMethod)).toEqual(["eth_blockNumber"]);
    expect(server.requests[0]!.auth).toBeUndefined();
  });
  it("fails while the RPC is down", async () => {
    const result = await run(STARTUP, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("RPC down");
  });
  it("fails on a JSON-RPC error", async () => {
    const result = await run(STARTUP, { eth_blockNumber: { error: { code: -32000, message: "boom" } } });
    expect(result.code).toBe(1);
    expect(result.output).toContain("unexpected answer");
  });
  itPassesWhenKillSwitched(t, "startup", () => run(STARTUP, "down"));
});

describe("evm daemon readiness.sh", () => {
  it("is ready when synced, with peers and at the references' height", async () => {
    const refs = await references(1000, 1000, 1000);
    const result = await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs });
    expect(result.code).toBe(0);
    expect(result.output).toContain("ready: block 1000, 25 peers, within 5 of 3 of 3 references");
  });
  it("is ready without reference endpoints configured", async () => {
    const result = await run(READINESS, geth({ height: 1000 }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("no reference endpoints configured");
  });

  describe("eth_syncing", () => {
    it("is not ready while syncing, whatever the references say", async () => {
      const refs = await references(1000, 1000);
      const result = await run(READINESS, geth({ height: 1000, syncing: { currentBlock: 990, highestBlock: 1000 } }), { REFERENCE_ENDPOINTS: refs });
      expect(result.code).toBe(1);
      expect(result.output).toContain("not ready: syncing (block 990 of 1000)");
    });
  });

  describe("peers >= MIN_PEERS (default 1)", () => {
    itRequiresMinPeers((peers, env) => run(READINESS, geth({ height: 1000, peers }), env));
  });

  describe("height >= reference - BLOCK_TOLERANCE (default 5) for REFERENCE_QUORUM references", () => {
    it("is ready five blocks behind the references", async () => {
      const refs = await references(1005, 1005, 1005);
      expect((await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs })).code).toBe(0);
    });
    it("is not ready six blocks behind (behind)", async () => {
      const refs = await references(1006, 1006, 1006);
      const result = await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs });
      expect(result.code).toBe(1);
      expect(result.output).toContain("we are 6 behind");
      expect(result.output).toContain("not ready: block 1000 is more than 5 behind for 3 of 3 references");
    });
    it("takes the tolerance from BLOCK_TOLERANCE", async () => {
      const refs = await references(1010, 1010);
      expect((await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs, BLOCK_TOLERANCE: "10" })).code).toBe(0);
      expect((await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs, BLOCK_TOLERANCE: "9" })).code).toBe(1);
    });
    it("is ready when a quorum agrees and one reference is far ahead (a broken reference)", async () => {
      const refs = await references(1000, 1001, 900_000);
      expect((await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs })).code).toBe(0);
    });
    it("is not ready when the quorum disagrees: two of three references are ahead beyond the tolerance", async () => {
      const refs = await references(1000, 1100, 1100);
      const result = await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs });
      expect(result.code).toBe(1);
      expect(result.output).toContain("more than 5 behind for 2 of 3 references (need 2 within tolerance)");
    });
    it("takes the quorum from REFERENCE_QUORUM", async () => {
      const refs = await references(1000, 1100, 1100);
      expect((await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs, REFERENCE_QUORUM: "1" })).code).toBe(0);
      expect((await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs, REFERENCE_QUORUM: "3" })).code).toBe(1);
    });
    it("with fewer answers than the quorum, needs every answer to agree", async () => {
      expect((await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: await references("down", "down", 1000) })).code).toBe(0);
      expect((await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: await references("down", "down", 1100) })).code).toBe(1);
    });
  });

  describe("reference endpoints down", () => {
    it("is ready (fails open) when no reference answers, and says so", async () => {
      const refs = await references("down", "down", "down");
      const result = await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs });
      expect(result.code).toBe(0);
      expect(result.output).toContain("no usable answer");
      expect(result.output).toContain("no reference endpoint answered, failing open");
    });
    it("counts a reference answering with an error as unreachable", async () => {
      const broken = await serve({ eth_blockNumber: { error: { code: -32005, message: "rate limited" } } });
      const result = await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: broken.url });
      expect(result.code).toBe(0);
      expect(result.output).toContain("failing open");
    });
    it("still requires sync and peers when failing open", async () => {
      const refs = await references("down");
      expect((await run(READINESS, geth({ height: 1000, peers: 0 }), { REFERENCE_ENDPOINTS: refs })).code).toBe(1);
    });
  });

  it("is not ready while the RPC is down", async () => {
    const result = await run(READINESS, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("RPC down");
  });
  it("passes without asking the RPC when $DATA_DIR/disable_readiness exists", async () => {
    t.box.writeData("disable_readiness", "");
    const server = await serve(geth({ height: 1, peers: 0, syncing: { currentBlock: 1, highestBlock: 100 } }));
    const result = await runScript(READINESS, t.box.env({ RPC_PORT: String(server.port) }));
    expect(result.code).toBe(0);
    expect(server.requests).toEqual([]);
  });
  it("refuses a malformed threshold instead of misreading it", async () => {
    const result = await run(READINESS, geth({ height: 1000 }), { BLOCK_TOLERANCE: "five" });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('invalid setting BLOCK_TOLERANCE="five"');
  });
});

describe("evm daemon readiness.sh probe metrics (PROBE_METRICS_SERVICE set, as the definition sets it)", () => {
  const metricsOf = async (height: number, refs: string, env: Record<string, string> = {}) => {
    const result = await run(READINESS, geth({ height }), { REFERENCE_ENDPOINTS: refs, PROBE_METRICS_SERVICE: "daemon", PROBE_METRICS_DIR: t.box.runtimeDir, ...env });
    return { result, metrics: readProbeMetrics(t.box.runtimeDir, "daemon") };
  };
  it("writes its height and the lag behind the lowest of the quorum's references, the height readiness holds against", async () => {
    const { result, metrics } = await metricsOf(1000, await references(1003, 1009, 1020));
    expect(result.code).toBe(1);
    expect(metrics).toEqual({ coinstack_probe_height: 1000, coinstack_probe_sync_lag_blocks: 9 });
  });
  it("writes a lag within BLOCK_TOLERANCE exactly when readiness passes", async () => {
    const { result, metrics } = await metricsOf(1000, await references(1002, 1005, 1030));
    expect([result.code, metrics.coinstack_probe_sync_lag_blocks]).toEqual([0, 5]);
  });
  it("measures against every answering reference when fewer than the quorum answer", async () => {
    const { metrics } = await metricsOf(1000, await references(1004, "down", "down"), { REFERENCE_QUORUM: "2" });
    expect(metrics.coinstack_probe_sync_lag_blocks).toBe(4);
  });
  it("writes a negative lag when the node is ahead of the references", async () => {
    expect((await metricsOf(1000, await references(998, 998))).metrics.coinstack_probe_sync_lag_blocks).toBe(-2);
  });
  it("writes no lag when no reference answers, replacing the last one", async () => {
    await metricsOf(1000, await references(1050, 1050));
    const { result, metrics } = await metricsOf(1000, await references("down", "down"));
    expect([result.code, metrics]).toEqual([0, { coinstack_probe_height: 1000 }]);
  });
  it("writes nothing without PROBE_METRICS_SERVICE", async () => {
    await run(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: await references(1000), PROBE_METRICS_DIR: t.box.runtimeDir });
    expect(readdirSync(t.box.runtimeDir)).toEqual([]);
  });
});

describe("evm daemon liveness.sh", () => {
  const now = (): number => Math.floor(Date.now() / 1000);
  const stateFile = ".liveness-daemon";

  it("passes on its first run and records the height", async () => {
    const result = await run(LIVENESS, geth({ height: 1234 }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("first check");
    expect(t.box.readData(stateFile)!.split(" ")[0]).toBe("1234");
  });
  it("passes when the height advanced", async () => {
    t.box.writeData(stateFile, `100 ${now() - 86_400}\n`);
    expect((await run(LIVENESS, geth({ height: 101 }))).code).toBe(0);
    expect(t.box.readData(stateFile)!.split(" ")[0]).toBe("101");
  });
  it("fails when the height has not moved for longer than the window (stalled)", async () => {
    t.box.writeData(stateFile, `100 ${now() - 1_000}\n`);
    const result = await run(LIVENESS, geth({ height: 100 }), { LIVENESS_WINDOW_SECONDS: "900" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("not alive: height stuck at 100");
  });
  it("passes while the height has not moved for less than the window", async () => {
    t.box.writeData(stateFile, `100 ${now() - 800}\n`);
    expect((await run(LIVENESS, geth({ height: 100 }), { LIVENESS_WINDOW_SECONDS: "900" })).code).toBe(0);
  });
  it("counts any sync counter moving as progress while syncing (snap sync keeps the block number still)", async () => {
    const syncing = { currentBlock: 0, highestBlock: 20_000_000, syncedAccounts: 5_000, syncedStorage: 70_000, healedTrienodes: 0 };
    const first = await run(LIVENESS, geth({ height: 0, syncing }));
    expect(first.code).toBe(0);
    const recorded = t.box.readData(stateFile)!.split(" ")[0];
    expect(recorded).toBe(String(20_000_000 + 5_000 + 70_000));
    t.box.writeData(stateFile, `${recorded} ${now() - 86_400}\n`);
    expect((await run(LIVENESS, geth({ height: 0, syncing: { ...syncing, syncedStorage: 70_001 } }))).code).toBe(0);
  });
  it("fails when a sync has stopped moving for longer than the window", async () => {
    const syncing = { currentBlock: 10, highestBlock: 1_000 };
    t.box.writeData(stateFile, `1010 ${now() - 1_000}\n`);
    expect((await run(LIVENESS, geth({ height: 10, syncing }), { LIVENESS_WINDOW_SECONDS: "900" })).code).toBe(1);
  });
  it("never looks at sync status or peers: a node far behind without peers is alive while it advances", async () => {
    t.box.writeData(stateFile, `10 ${now() - 86_400}\n`);
    const server = await serve(geth({ height: 11, peers: 0 }));
    const result = await runScript(LIVENESS, t.box.env({ RPC_PORT: String(server.port) }));
    expect(result.code).toBe(0);
    expect(server.requests.map((r) => r.rpcMethod)).not.toContain("net_peerCount");
  });
  it("fails when the RPC is down", async () => {
    const result = await run(LIVENESS, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("RPC down");
  });
  it("passes without asking the RPC when $DATA_DIR/disable_liveness exists, even when stalled", async () => {
    t.box.writeData("disable_liveness", "");
    t.box.writeData(stateFile, `100 ${now() - 86_400}\n`);
    expect((await run(LIVENESS, "down")).code).toBe(0);
  });
});
