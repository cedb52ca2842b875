/**
 * The beacon node's own startup and liveness scripts (bash, run in the Lighthouse
 * container, which has no curl) against a fake beacon API on 127.0.0.1.
 */
import { type HttpReply, httpPort, runScript, sandboxPerTest, scriptPath, itPassesWhenKillSwitched } from "../../helpers/scripts";
import { beaconSyncing as syncing } from "../../helpers/nodes";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const STARTUP = scriptPath("evm/beacon/startup.sh");
const LIVENESS = scriptPath("evm/beacon/liveness.sh");

const t = sandboxPerTest();

/** The beacon API answering these routes, or "down" (nothing listens). */
async function run(script: string, routes: Record<string, HttpReply> | "down", env: Record<string, string> = {}) {
  return runScript(script, t.box.env({ BEACON_PORT: String(await httpPort(t, routes)), ...env }));
}

describe("evm beacon startup.sh", () => {
  const health = (status: number): Record<string, HttpReply> => ({ "/eth/v1/node/health": { status, body: "" } });

  it("passes when the beacon API reports itself healthy (200)", async () => {
    const result = await run(STARTUP, health(200));
    expect(result.code).toBe(0);
    expect(result.output).toContain("started: the beacon API answers (synced)");
  });
  it("passes while the beacon node syncs (206): started from a checkpoint", async () => {
    const result = await run(STARTUP, health(206));
    expect(result.code).toBe(0);
    expect(result.output).toContain("started: the beacon API answers (syncing)");
  });
  it("fails while the beacon node is still starting (503)", async () => {
    const result = await run(STARTUP, health(503));
    expect(result.code).toBe(1);
    expect(result.output).toContain("not started: the beacon API answers HTTP 503");
  });
  it("fails while the beacon API is down", async () => {
    const result = await run(STARTUP, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("not started: the beacon API does not answer");
  });
  itPassesWhenKillSwitched(t, "startup", () => run(STARTUP, "down"));
});

describe("evm beacon liveness.sh", () => {
  const now = (): number => Math.floor(Date.now() / 1000);
  const stateFile = ".liveness-beacon";
  const recordedSlot = (): string | undefined => t.box.readData(stateFile)?.split(" ")[0];

  it("passes on its first run and records the head slot", async () => {
    const result = await run(LIVENESS, syncing({ headSlot: 13_000_000 }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("first check");
    expect(recordedSlot()).toBe("13000000");
  });
  it("passes when the head slot advanced, whatever the sync status", async () => {
    t.box.writeData(stateFile, `100 ${now() - 86_400}\n`);
    const result = await run(LIVENESS, syncing({ headSlot: 101, syncing: true }), { LIVENESS_WINDOW_SECONDS: "900" });
    expect(result.code).toBe(0);
    expect(recordedSlot()).toBe("101");
  });
  it("fails when the head slot has not moved for longer than the window (stalled)", async () => {
    t.box.writeData(stateFile, `100 ${now() - 1_000}\n`);
    const result = await run(LIVENESS, syncing({ headSlot: 100 }), { LIVENESS_WINDOW_SECONDS: "900" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("not alive: height stuck at 100");
  });
  it("passes while the head slot has not moved for less than the window", async () => {
    t.box.writeData(stateFile, `100 ${now() - 800}\n`);
    expect((await run(LIVENESS, syncing({ headSlot: 100 }), { LIVENESS_WINDOW_SECONDS: "900" })).code).toBe(0);
  });
  it("passes and restarts the window while the execution client is offline (restarting Lighthouse cannot fix geth)", async () => {
    t.box.writeData(stateFile, `100 ${now() - 86_400}\n`);
    const result = await run(LIVENESS, syncing({ headSlot: 100, elOffline: true }), { LIVENESS_WINDOW_SECONDS: "900" });
    expect(result.code).toBe(0);
    expect(result.output).toContain("execution client is offline");
    const [slot, since] = t.box.readData(stateFile)!.trim().split(" ");
    expect(slot).toBe("100");
    expect(Number(since)).toBeGreaterThan(now() - 60);
  });
  it("fails when the beacon API is down", async () => {
    const result = await run(LIVENESS, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("not alive: the beacon API does not answer");
  });
  it("fails on an answer without a head slot", async () => {
    const result = await run(LIVENESS, { "/eth/v1/node/syncing": { status: 500, json: { code: 500, message: "UNHANDLED_ERROR" } } });
    expect(result.code).toBe(1);
    expect(result.output).toContain("not alive: unexpected answer to /eth/v1/node/syncing (HTTP 500)");
  });
  it("passes without asking the API when $DATA_DIR/disable_liveness exists, even when stalled", async () => {
    t.box.writeData("disable_liveness", "");
    t.box.writeData(stateFile, `100 ${now() - 86_400}\n`);
    expect((await run(LIVENESS, "down")).code).toBe(0);
  });
});
