/**
 * The UTXO daemon's startup, readiness and liveness scripts, run under /bin/sh
 * against a bitcoind-like JSON-RPC server on 127.0.0.1.
 */
import {
  closedPort,
  CREDENTIALS,
  type FakeServer,
  fakeRpc,
  processTexts,
  type RpcHandler,
  runScript,
  sandboxPerTest,
  scriptPath,
  startScript,
  waitFor,
  itPassesWhenKillSwitched,
  itRequiresMinPeers,
} from "../../helpers/scripts";
import { utxoDaemon as daemon } from "../../helpers/nodes";
import { readProbeMetrics } from "../../helpers/probe-metrics";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const STARTUP = scriptPath("utxo/daemon/startup.sh");
const READINESS = scriptPath("utxo/daemon/readiness.sh");
const LIVENESS = scriptPath("utxo/daemon/liveness.sh");

const WARMUP = { error: { code: -28, message: "Loading block index…" } };

const t = sandboxPerTest();

async function serve(methods: Record<string, RpcHandler>): Promise<FakeServer> {
  const server = await fakeRpc(methods);
  t.servers.push(server);
  return server;
}

async function run(script: string, methods: Record<string, RpcHandler> | "down", env: Record<string, string> = {}) {
  const port = methods === "down" ? await closedPort() : (await serve(methods)).port;
  return runScript(script, t.box.env({ RPC_PORT: String(port), ...env }));
}

function expectAuthenticated(server: FakeServer): void {
  expect(server.requests.length).toBeGreaterThan(0);
  for (const request of server.requests) {
    expect(request.auth).toEqual({ user: CREDENTIALS.user, pass: CREDENTIALS.pass });
    expect(request.path).toBe("/");
  }
}

describe("utxo daemon startup.sh", () => {
  it("passes once the RPC answers, authenticating with the credentials from SECRETS_DIR", async () => {
    const server = await serve(daemon({ blocks: 10, headers: 800_000, peers: 0 }));
    const result = await runScript(STARTUP, t.box.env({ RPC_PORT: String(server.port) }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("started");
    expectAuthenticated(server);
    expect(server.requests.map((r) => r.rpcMethod)).toEqual(["getblockchaininfo"]);
  });
  it("passes for a node far behind and without peers (startup is not readiness)", async () => {
    expect((await run(STARTUP, daemon({ blocks: 1, headers: 900_000, peers: 0 }))).code).toBe(0);
  });
  it("fails while bitcoind warms up (RPC error -28, Loading block index)", async () => {
    const result = await run(STARTUP, { getblockchaininfo: WARMUP });
    expect(result.code).toBe(1);
    expect(result.output).toContain("still starting: Loading block index");
  });
  it("fails while the RPC is down (connection refused)", async () => {
    const result = await run(STARTUP, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("RPC down");
    expect(result.output).toContain("not started");
  });
  it("fails on any other RPC error", async () => {
    const result = await run(STARTUP, { getblockchaininfo: { error: { code: -1, message: "boom" } } });
    expect(result.code).toBe(1);
    expect(result.output).toContain("RPC error -1");
  });
  it("fails when the daemon refuses the credentials (HTTP 401)", async () => {
    t.box.writeData("unused", "");
    const server = await fakeRpc(daemon({ blocks: 1 }), { user: "someone", pass: "else" });
    t.servers.push(server);
    const result = await runScript(STARTUP, t.box.env({ RPC_PORT: String(server.port) }));
    expect(result.code).toBe(1);
    expect(result.output).toContain("HTTP 401");
  });
  itPassesWhenKillSwitched(t, "startup", () => run(STARTUP, "down"));
});

describe("utxo daemon readiness.sh", () => {
  it("is ready when synced with peers", async () => {
    const server = await serve(daemon({ blocks: 800_000, peers: 8 }));
    const result = await runScript(READINESS, t.box.env({ RPC_PORT: String(server.port) }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("ready: block 800000 of 800000 headers, 8 peers");
    expectAuthenticated(server);
  });

  describe("blocks >= headers - BLOCK_TOLERANCE (default 1)", () => {
    it("is ready one block behind its headers", async () => {
      expect((await run(READINESS, daemon({ blocks: 799_999, headers: 800_000 }))).code).toBe(0);
    });
    it("is not ready two blocks behind", async () => {
      const result = await run(READINESS, daemon({ blocks: 799_998, headers: 800_000 }));
      expect(result.code).toBe(1);
      expect(result.output).toContain("not ready: at block 799998 of 800000 headers");
    });
    it("is not ready far behind (syncing)", async () => {
      expect((await run(READINESS, daemon({ blocks: 10, headers: 800_000 }))).code).toBe(1);
    });
    it("takes the tolerance from BLOCK_TOLERANCE", async () => {
      expect((await run(READINESS, daemon({ blocks: 95, headers: 100 }), { BLOCK_TOLERANCE: "5" })).code).toBe(0);
      expect((await run(READINESS, daemon({ blocks: 94, headers: 100 }), { BLOCK_TOLERANCE: "5" })).code).toBe(1);
      expect((await run(READINESS, daemon({ blocks: 100, headers: 100 }), { BLOCK_TOLERANCE: "0" })).code).toBe(0);
      expect((await run(READINESS, daemon({ blocks: 99, headers: 100 }), { BLOCK_TOLERANCE: "0" })).code).toBe(1);
    });
  });

  describe("peers >= MIN_PEERS (default 1)", () => {
    itRequiresMinPeers((peers, env) => run(READINESS, daemon({ blocks: 100, peers }), env));
    it("accepts no peers with MIN_PEERS=0 (a private regtest chain)", async () => {
      expect((await run(READINESS, daemon({ blocks: 0, peers: 0, ibd: true }), { MIN_PEERS: "0", CHECK_IBD: "0" })).code).toBe(0);
    });
  });

  describe("initial block download", () => {
    it("is not ready while the daemon reports initialblockdownload", async () => {
      const result = await run(READINESS, daemon({ blocks: 100, ibd: true }));
      expect(result.code).toBe(1);
      expect(result.output).toContain("initial block download");
    });
    it("is ready once it is over", async () => {
      expect((await run(READINESS, daemon({ blocks: 100, ibd: false }))).code).toBe(0);
    });
    it("ignores it with CHECK_IBD=0, and when the daemon does not report it (dogecoin 1.14)", async () => {
      expect((await run(READINESS, daemon({ blocks: 100, ibd: true }), { CHECK_IBD: "0" })).code).toBe(0);
      expect((await run(READINESS, daemon({ blocks: 100 }))).code).toBe(0);
    });
  });

  it("is not ready while the RPC is down", async () => {
    const result = await run(READINESS, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("RPC down");
  });
  it("is not ready while the daemon warms up (-28)", async () => {
    const result = await run(READINESS, { getconnectioncount: WARMUP, getblockchaininfo: WARMUP });
    expect(result.code).toBe(1);
    expect(result.output).toContain("RPC error -28");
  });
  it("is not ready when the answer is not a number", async () => {
    expect((await run(READINESS, { ...daemon({ blocks: 1 }), getconnectioncount: { result: "many" } })).code).toBe(1);
  });
  it("passes without asking the RPC when $DATA_DIR/disable_readiness exists", async () => {
    t.box.writeData("disable_readiness", "");
    const server = await serve(daemon({ blocks: 1, headers: 100, peers: 0 }));
    const result = await runScript(READINESS, t.box.env({ RPC_PORT: String(server.port) }));
    expect(result.code).toBe(0);
    expect(server.requests).toEqual([]);
  });
  it("passes without asking the RPC while its ordinal is in maintenance, and fails as usual for another ordinal", async () => {
    const dir = join(t.box.runtimeDir, "maintenance");
    mkdirSync(dir);
    writeFileSync(join(dir, "ordinal-1"), "running");
    const maintenance = { MAINTENANCE_DIR: dir, POD_INDEX: "1" };
    const result = await run(READINESS, "down", maintenance);
    expect(result.code).toBe(0);
    expect(result.output).toContain("readiness probe passes: pod 1 is in maintenance, daemon running");
    expect((await run(READINESS, "down", { ...maintenance, POD_INDEX: "0" })).code).toBe(1);
  });
  it("only honours its own kill switch", async () => {
    t.box.writeData("disable_liveness", "");
    t.box.writeData("disable_startup", "");
    expect((await run(READINESS, daemon({ blocks: 1, headers: 100 }))).code).toBe(1);
  });
  it("refuses a malformed threshold instead of misreading it", async () => {
    const result = await run(READINESS, daemon({ blocks: 100 }), { MIN_PEERS: "one" });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('invalid setting MIN_PEERS="one"');
  });
  it("keeps the credentials out of every process's command line and environment while it calls the RPC", async () => {
    const server = await serve({ ...daemon({ blocks: 100 }), getconnectioncount: { delayMs: 1_500, then: { result: 8 } } });
    const running = startScript(READINESS, t.box.env({ RPC_PORT: String(server.port), RPC_TIMEOUT: "20" }));
    // Look while curl waits for the (slow) answer: its command line and environment are in /proc.
    let seen = processTexts();
    await waitFor(() => {
      seen = processTexts();
      return seen.some((p) => p.cmdline.includes("curl") && p.cmdline.includes(String(server.port)));
    }, "curl to call the RPC");
    for (const p of seen) {
      expect(p.cmdline).not.toContain(CREDENTIALS.pass);
      expect(p.environ).not.toContain(CREDENTIALS.pass);
    }
    expect((await running.done).code).toBe(0);
  });
});

describe("utxo daemon readiness.sh probe metrics (bitcoind serves none; PROBE_METRICS_SERVICE set, as the definition sets it)", () => {
  const metricsOf = async (methods: Record<string, RpcHandler> | "down", env: Record<string, string> = {}) => {
    const result = await run(READINESS, methods, { PROBE_METRICS_SERVICE: "daemon", PROBE_METRICS_DIR: t.box.runtimeDir, ...env });
    return { result, metrics: readProbeMetrics(t.box.runtimeDir, "daemon") };
  };
  it("writes the peers, the height and the lag behind the headers", async () => {
    const { result, metrics } = await metricsOf(daemon({ blocks: 799_990, headers: 800_000, peers: 8 }));
    expect(result.code).toBe(1);
    expect(metrics).toEqual({ coinstack_probe_peers: 8, coinstack_probe_height: 799_990, coinstack_probe_sync_lag_blocks: 10 });
  });
  it("writes what it measured before failing: the peers when there are too few", async () => {
    expect((await metricsOf(daemon({ blocks: 100, peers: 0 }))).metrics).toEqual({ coinstack_probe_peers: 0 });
  });
  it("replaces the last run's series with none when the RPC is down, so no stale value is served", async () => {
    await metricsOf(daemon({ blocks: 100, peers: 3 }));
    const { result, metrics } = await metricsOf("down");
    expect([result.code, metrics]).toEqual([1, {}]);
  });
  it("writes no series while the kill switch holds readiness", async () => {
    await metricsOf(daemon({ blocks: 100, peers: 3 }));
    t.box.writeData("disable_readiness", "");
    expect((await metricsOf("down")).metrics).toEqual({});
  });
  it("writes the inbound peers when its P2P port is exposed (P2P_EXPOSURE), for the unreachable-port alert", async () => {
    const { metrics } = await metricsOf(daemon({ blocks: 100, peers: 10, inbound: 3 }), { P2P_EXPOSURE: "LoadBalancer" });
    expect(metrics).toEqual({ coinstack_probe_peers: 10, coinstack_probe_inbound_peers: 3, coinstack_probe_height: 100, coinstack_probe_sync_lag_blocks: 0 });
  });
  it("asks nothing more when its P2P port is not exposed", async () => {
    const server = await serve(daemon({ blocks: 100, peers: 10, inbound: 3 }));
    await runScript(READINESS, t.box.env({ RPC_PORT: String(server.port), PROBE_METRICS_SERVICE: "daemon", PROBE_METRICS_DIR: t.box.runtimeDir }));
    expect(server.requests.map((r) => r.rpcMethod)).toEqual(["getconnectioncount", "getblockchaininfo"]);
  });
  it("writes no inbound peers for a daemon that does not report them (dogecoin 1.14), and stays ready", async () => {
    const { result, metrics } = await metricsOf(daemon({ blocks: 100, peers: 10 }), { P2P_EXPOSURE: "NodePort" });
    expect([result.code, metrics.coinstack_probe_inbound_peers]).toEqual([0, undefined]);
  });
  it("leaves no partial file behind (written beside, then renamed)", async () => {
    await metricsOf(daemon({ blocks: 100, peers: 3 }));
    expect(readdirSync(t.box.runtimeDir)).toEqual(["probe-daemon.prom"]);
  });
});

describe("utxo daemon liveness.sh", () => {
  const now = (): number => Math.floor(Date.now() / 1000);
  const stateFile = ".liveness-daemon";

  it("passes on its first run and records the height", async () => {
    const result = await run(LIVENESS, daemon({ blocks: 1234 }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("first check");
    const [height, at] = t.box.readData(stateFile)!.trim().split(" ");
    expect(height).toBe("1234");
    expect(Math.abs(Number(at) - now())).toBeLessThanOrEqual(5);
  });
  it("passes when the height advanced, and records the new height", async () => {
    t.box.writeData(stateFile, `100 ${now() - 86_400}\n`);
    const result = await run(LIVENESS, daemon({ blocks: 101 }));
    expect(result.code).toBe(0);
    expect(t.box.readData(stateFile)!.split(" ")[0]).toBe("101");
  });
  it("fails when the height has not moved for longer than the window (stalled)", async () => {
    t.box.writeData(stateFile, `100 ${now() - 3_700}\n`);
    const result = await run(LIVENESS, daemon({ blocks: 100 }), { LIVENESS_WINDOW_SECONDS: "3600" });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/not alive: height stuck at 100 for 37\d\ds \(window 3600s\)/);
  });
  it("passes while the height has not moved for less than the window", async () => {
    t.box.writeData(stateFile, `100 ${now() - 3_500}\n`);
    expect((await run(LIVENESS, daemon({ blocks: 100 }), { LIVENESS_WINDOW_SECONDS: "3600" })).code).toBe(0);
  });
  it("defaults the window to 3600 s", async () => {
    t.box.writeData(stateFile, `100 ${now() - 3_590}\n`);
    expect((await run(LIVENESS, daemon({ blocks: 100 }))).code).toBe(0);
    t.box.writeData(stateFile, `100 ${now() - 3_610}\n`);
    expect((await run(LIVENESS, daemon({ blocks: 100 }))).code).toBe(1);
  });
  it("takes the window from LIVENESS_WINDOW_SECONDS", async () => {
    t.box.writeData(stateFile, `100 ${now() - 590}\n`);
    expect((await run(LIVENESS, daemon({ blocks: 100 }), { LIVENESS_WINDOW_SECONDS: "600" })).code).toBe(0);
    t.box.writeData(stateFile, `100 ${now() - 610}\n`);
    expect((await run(LIVENESS, daemon({ blocks: 100 }), { LIVENESS_WINDOW_SECONDS: "600" })).code).toBe(1);
  });
  it("never fails on a stall with LIVENESS_WINDOW_SECONDS=0 (regtest moves only when mined)", async () => {
    t.box.writeData(stateFile, `100 ${now() - 30 * 86_400}\n`);
    expect((await run(LIVENESS, daemon({ blocks: 100 }), { LIVENESS_WINDOW_SECONDS: "0" })).code).toBe(0);
  });
  it("never looks at sync status: a node far behind and without peers is alive while it advances", async () => {
    t.box.writeData(stateFile, `10 ${now() - 86_400}\n`);
    const server = await serve(daemon({ blocks: 11, headers: 900_000, peers: 0, ibd: true }));
    const result = await runScript(LIVENESS, t.box.env({ RPC_PORT: String(server.port) }));
    expect(result.code).toBe(0);
    expect(server.requests.map((r) => r.rpcMethod)).toEqual(["getblockcount"]);
  });
  it("counts a reorganisation to a lower height as activity", async () => {
    t.box.writeData(stateFile, `100 ${now() - 86_400}\n`);
    expect((await run(LIVENESS, daemon({ blocks: 99 }))).code).toBe(0);
  });
  it("treats an unreadable state file as a first run", async () => {
    t.box.writeData(stateFile, "garbage\n");
    expect((await run(LIVENESS, daemon({ blocks: 5 }))).code).toBe(0);
    expect(t.box.readData(stateFile)!.split(" ")[0]).toBe("5");
  });
  it("counts warming up (-28) as alive", async () => {
    const result = await run(LIVENESS, { getblockcount: WARMUP });
    expect(result.code).toBe(0);
    expect(result.output).toContain("warming up");
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
