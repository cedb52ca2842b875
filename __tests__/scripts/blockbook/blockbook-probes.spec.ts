/**
 * blockbook's startup, readiness and liveness scripts, run under /bin/sh against
 * a fake blockbook /api/ on 127.0.0.1.
 */
import { closedPort, fakeHttp, type HttpReply, runScript, sandboxPerTest, scriptPath } from "../../helpers/scripts";
import { blockbookStatus as status } from "../../helpers/nodes";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const STARTUP = scriptPath("blockbook/startup.sh");
const READINESS = scriptPath("blockbook/readiness.sh");
const LIVENESS = scriptPath("blockbook/liveness.sh");

const t = sandboxPerTest();

async function run(script: string, reply: HttpReply | "down", env: Record<string, string> = {}) {
  let port: number;
  if (reply === "down") {
    port = await closedPort();
  } else {
    const server = await fakeHttp({ "/api/": reply });
    t.servers.push(server);
    port = server.port;
  }
  return runScript(script, t.box.env({ BLOCKBOOK_PORT: String(port), ...env }));
}

describe("blockbook startup.sh", () => {
  it("passes once the public API answers, whatever the sync state", async () => {
    expect((await run(STARTUP, status(10, 800_000, false))).code).toBe(0);
  });
  it("fails while the API is down (connection refused)", async () => {
    const result = await run(STARTUP, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("not started");
  });
  it("fails on an HTTP error", async () => {
    expect((await run(STARTUP, { status: 503, body: "starting" })).code).toBe(1);
  });
  it("passes when $DATA_DIR/disable_startup exists", async () => {
    t.box.writeData("disable_startup", "");
    expect((await run(STARTUP, "down")).code).toBe(0);
  });
});

describe("blockbook readiness.sh", () => {
  it("is ready in sync at its backend's height", async () => {
    const result = await run(READINESS, status(800_000, 800_000));
    expect(result.code).toBe(0);
    expect(result.output).toContain("ready: indexer at 800000, backend at 800000");
  });

  describe("bestHeight >= backend.blocks - INDEXER_LAG_TOLERANCE (default 2)", () => {
    it("is ready two blocks behind its backend", async () => {
      expect((await run(READINESS, status(799_998, 800_000))).code).toBe(0);
    });
    it("is not ready three blocks behind", async () => {
      const result = await run(READINESS, status(799_997, 800_000));
      expect(result.code).toBe(1);
      expect(result.output).toContain("not ready: indexer at 799997, backend at 800000 (tolerance 2)");
    });
    it("takes the lag from INDEXER_LAG_TOLERANCE", async () => {
      expect((await run(READINESS, status(100, 100), { INDEXER_LAG_TOLERANCE: "0" })).code).toBe(0);
      expect((await run(READINESS, status(99, 100), { INDEXER_LAG_TOLERANCE: "0" })).code).toBe(1);
      expect((await run(READINESS, status(90, 100), { INDEXER_LAG_TOLERANCE: "10" })).code).toBe(0);
      expect((await run(READINESS, status(89, 100), { INDEXER_LAG_TOLERANCE: "10" })).code).toBe(1);
    });
  });

  it("is not ready while blockbook reports it is not in sync, even at its backend's height", async () => {
    const result = await run(READINESS, status(800_000, 800_000, false));
    expect(result.code).toBe(1);
    expect(result.output).toContain("not in sync");
  });
  it("is not ready when blockbook cannot see its backend", async () => {
    const result = await run(READINESS, status(800_000, undefined));
    expect(result.code).toBe(1);
    expect(result.output).toContain("no backend height");
  });
  it("is not ready while the API is down", async () => {
    const result = await run(READINESS, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("does not answer");
  });
  it("is not ready on an HTTP error", async () => {
    expect((await run(READINESS, { status: 500, json: { error: "internal" } })).code).toBe(1);
  });
  it("passes when $DATA_DIR/disable_readiness exists", async () => {
    t.box.writeData("disable_readiness", "");
    expect((await run(READINESS, status(1, 800_000, false))).code).toBe(0);
  });
  it("refuses a malformed threshold", async () => {
    const result = await run(READINESS, status(100, 100), { INDEXER_LAG_TOLERANCE: "-1" });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("invalid setting INDEXER_LAG_TOLERANCE");
  });
});

describe("blockbook liveness.sh", () => {
  const now = (): number => Math.floor(Date.now() / 1000);
  const stateFile = ".liveness-indexer";

  it("passes on its first run and records the height", async () => {
    expect((await run(LIVENESS, status(500, 800_000, false))).code).toBe(0);
    expect(t.box.readData(stateFile)!.split(" ")[0]).toBe("500");
  });
  it("passes while the indexed height advances, far behind and out of sync (never sync status)", async () => {
    t.box.writeData(stateFile, `500 ${now() - 86_400}\n`);
    expect((await run(LIVENESS, status(501, 800_000, false))).code).toBe(0);
  });
  it("fails when it is behind its backend and has not advanced for longer than the window (stalled)", async () => {
    t.box.writeData(stateFile, `500 ${now() - 3_700}\n`);
    const result = await run(LIVENESS, status(500, 800_000), { LIVENESS_WINDOW_SECONDS: "3600" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("not alive: height stuck at 500");
  });
  it("passes when behind and unchanged for less than the window", async () => {
    t.box.writeData(stateFile, `500 ${now() - 3_500}\n`);
    expect((await run(LIVENESS, status(500, 800_000), { LIVENESS_WINDOW_SECONDS: "3600" })).code).toBe(0);
  });
  it("takes the window from LIVENESS_WINDOW_SECONDS", async () => {
    t.box.writeData(stateFile, `500 ${now() - 1_190}\n`);
    expect((await run(LIVENESS, status(500, 501), { LIVENESS_WINDOW_SECONDS: "1200" })).code).toBe(0);
    t.box.writeData(stateFile, `500 ${now() - 1_210}\n`);
    expect((await run(LIVENESS, status(500, 501), { LIVENESS_WINDOW_SECONDS: "1200" })).code).toBe(1);
  });
  it("passes when caught up with a backend that does not move (a paused chain is not blockbook's fault)", async () => {
    t.box.writeData(stateFile, `800000 ${now() - 86_400}\n`);
    const result = await run(LIVENESS, status(800_000, 800_000));
    expect(result.code).toBe(0);
    expect(result.output).toContain("caught up");
    // Caught up counts as progress: the record is refreshed.
    expect(Number(t.box.readData(stateFile)!.split(" ")[1])).toBeGreaterThan(now() - 10);
  });
  it("falls back to its own progress when blockbook cannot see its backend", async () => {
    t.box.writeData(stateFile, `500 ${now() - 3_700}\n`);
    expect((await run(LIVENESS, status(500, undefined), { LIVENESS_WINDOW_SECONDS: "3600" })).code).toBe(1);
  });
  it("fails when the API is down", async () => {
    expect((await run(LIVENESS, "down")).code).toBe(1);
  });
  it("passes when $DATA_DIR/disable_liveness exists, even when stalled", async () => {
    t.box.writeData("disable_liveness", "");
    t.box.writeData(stateFile, `500 ${now() - 86_400}\n`);
    expect((await run(LIVENESS, status(500, 800_000))).code).toBe(0);
  });
});
