/**
 * THORChain's own scripts: thornode's init (its image's full-node script, with its home on the volume),
 * Midgard's init (the generated database password from the Secret file, into Midgard's environment
 * only) and Midgard's probes against a fake Midgard answering /v2/health as Midgard 2.32.6 does.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { midgardHealth } from "../../helpers/nodes";
import { closedPort, CREDENTIALS, fakeExecutable, fakeHttp, type HttpReply, itPassesWhenKillSwitched, runScript, sandboxPerTest, scriptPath } from "../../helpers/scripts";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const t = sandboxPerTest();
/** The generated password, with the characters that need quoting. */
const PASSWORD = CREDENTIALS.pass;

describe("thorchain daemon init.sh (thornode)", () => {
  const INIT = scriptPath("thorchain/daemon/init.sh");

  it("execs the image's full-node script with its home on the volume and thornode's settings in its environment", async () => {
    const fake = fakeExecutable(t.box, "fullnode.sh");
    const result = await runScript(INIT, t.box.env({ THORNODE_FULLNODE_SCRIPT: "fullnode.sh", NET: "mainnet", CHAIN_ID: "thorchain-1", THOR_AUTO_STATE_SYNC_ENABLED: "false" }));
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);
    expect(fake.out("argv")).toBe("");
    expect(fake.out("env")).toContain(`HOME=${t.box.dataDir}\n`);
    expect(fake.out("env")).toContain("CHAIN_ID=thorchain-1\n");
  });

  it("refuses to start without its chain named", async () => {
    const fake = fakeExecutable(t.box, "fullnode.sh");
    const result = await runScript(INIT, t.box.env({ THORNODE_FULLNODE_SCRIPT: "fullnode.sh", NET: "mainnet" }));
    expect(result.code).not.toBe(0);
    expect(fake.out("pid")).toBeUndefined();
  });
});

describe("thorchain midgard init.sh", () => {
  const INIT = scriptPath("thorchain/midgard/init.sh");
  const env = () => t.box.env({ MIDGARD_BINARY: "fakemidgard", MIDGARD_CONFIG: "/config/midgard.json" });

  it("execs Midgard on its config with the generated password from the Secret file in its environment, never on its command line", async () => {
    writeFileSync(join(t.box.secretsDir, "timescale-password"), PASSWORD);
    const fake = fakeExecutable(t.box, "fakemidgard");
    const result = await runScript(INIT, env());
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);
    expect(fake.out("argv")).toBe("/config/midgard.json\n");
    expect(fake.out("env")).toContain(`MIDGARD_TIMESCALE_PASSWORD=${PASSWORD}\n`);
    expect(result.output).not.toContain(PASSWORD);
  });

  it("refuses to start without the password file", async () => {
    const fake = fakeExecutable(t.box, "fakemidgard");
    const result = await runScript(INIT, env());
    expect(result.code).not.toBe(0);
    expect(fake.out("pid")).toBeUndefined();
  });
});

describe("thorchain midgard probes", () => {
  const STARTUP = scriptPath("thorchain/midgard/startup.sh");
  const LIVENESS = scriptPath("thorchain/midgard/liveness.sh");
  const READINESS = scriptPath("thorchain/midgard/readiness.sh");

  async function run(script: string, health: HttpReply | ((call: number) => HttpReply) | "down", env: Record<string, string> = {}) {
    let port: number;
    if (health === "down") port = await closedPort();
    else {
      const server = await fakeHttp({ "/v2/health": health });
      t.servers.push(server);
      port = server.port;
    }
    return runScript(script, t.box.env({ MIDGARD_PORT: String(port), ...env }));
  }

  it("startup passes once /v2/health answers, in sync or not", async () => {
    const result = await run(STARTUP, midgardHealth({ scanning: 17_600_000, inSync: false }));
    expect([result.code, result.output]).toEqual([0, "started: Midgard answers, scanning block 17600000\n"]);
  });
  it("startup fails while Midgard is down", async () => {
    const result = await run(STARTUP, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("not started: Midgard down");
  });
  it("readiness passes in sync", async () => {
    const result = await run(READINESS, midgardHealth({ scanning: 22_000_000 }));
    expect([result.code, result.output]).toEqual([0, "ready: Midgard in sync, scanning block 22000000\n"]);
  });
  it("readiness fails while Midgard catches up", async () => {
    const result = await run(READINESS, midgardHealth({ scanning: 17_600_000, inSync: false }));
    expect([result.code, result.output]).toEqual([1, "not ready: Midgard is not in sync (scanning block 17600000)\n"]);
  });
  it("readiness fails on an answer that is not Midgard's health (garbage)", async () => {
    const result = await run(READINESS, { body: "<html>502</html>" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("unexpected answer from");
  });
  it("liveness records the scanned block, then passes while it moves", async () => {
    let scanning = 17_600_000;
    const health = () => midgardHealth({ scanning: scanning++, inSync: false });
    const server = await fakeHttp({ "/v2/health": health });
    t.servers.push(server);
    const env = t.box.env({ MIDGARD_PORT: String(server.port) });
    expect((await runScript(LIVENESS, env)).output).toBe("alive: first check, height 17600000 recorded\n");
    expect((await runScript(LIVENESS, env)).output).toBe("alive: height 17600001 (was 17600000)\n");
  });
  it("liveness fails when the scanned block stands still for longer than the window (stalled)", async () => {
    t.box.writeData(".liveness-indexer", `17600000 ${Math.floor(Date.now() / 1000) - 1000}\n`);
    const result = await run(LIVENESS, midgardHealth({ scanning: 17_600_000 }), { LIVENESS_WINDOW_SECONDS: "900" });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^not alive: height stuck at 17600000 for \d+s \(window 900s\)\n$/);
  });
  itPassesWhenKillSwitched(t, "readiness", () => run(READINESS, "down"));
});
