/**
 * The EVM family's init scripts (geth, Lighthouse, blockbook's EVM init) with fake
 * binaries that record their PID, argv and environment, and the beacon node's
 * readiness against a fake beacon API on 127.0.0.1.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { closedPort, fakeEthRpc, fakeExecutable, type HttpReply, httpPort, runScript, sandboxPerTest, scriptPath, startScript, waitFor } from "../../helpers/scripts";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const GETH_INIT = scriptPath("evm/daemon/init.sh");
const BEACON_INIT = scriptPath("evm/beacon/init.sh");
const BEACON_READINESS = scriptPath("evm/beacon/readiness.sh");
const BLOCKBOOK_INIT = scriptPath("evm/blockbook-init.sh");

/** 32 bytes as hex, as the Terraform-generated Secret holds it. */
const JWT = "9f".repeat(32);

const t = sandboxPerTest();
beforeEach(() => writeFileSync(join(t.box.secretsDir, "jwt.hex"), JWT));

function lines(text: string | undefined): string[] {
  return (text ?? "").trim().split("\n");
}

const gethEnv = (extra: Record<string, string> = {}) =>
  t.box.env({ GETH_BINARY: "fakegeth", NETWORK_FLAG: "", RPC_PORT: "8545", WS_PORT: "8546", AUTH_PORT: "8551", P2P_PORT: "30303", ...extra });
const beaconEnv = (extra: Record<string, string> = {}) =>
  t.box.env({ BEACON_BINARY: "fakelighthouse", BEACON_NETWORK: "mainnet", BEACON_PORT: "5052", AUTH_PORT: "8551", P2P_PORT: "9000", QUIC_PORT: "9001", ...extra });

describe("evm daemon init.sh (geth)", () => {
  it("execs geth: it runs as the init shell's own process", async () => {
    const fake = fakeExecutable(t.box, "fakegeth");
    const result = await runScript(GETH_INIT, gethEnv());
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);
  });
  it("serves the engine API on 127.0.0.1 only, checking the JWT file from SECRETS_DIR", async () => {
    const fake = fakeExecutable(t.box, "fakegeth");
    expect((await runScript(GETH_INIT, gethEnv())).code).toBe(0);
    expect(lines(fake.out("argv"))).toEqual(
      expect.arrayContaining(["--authrpc.addr=127.0.0.1", "--authrpc.port=8551", `--authrpc.jwtsecret=${join(t.box.secretsDir, "jwt.hex")}`]),
    );
  });
  it("serves Prometheus metrics on METRICS_PORT with geth's own flags, and none without it", async () => {
    const fake = fakeExecutable(t.box, "fakegeth");
    expect((await runScript(GETH_INIT, gethEnv({ METRICS_PORT: "6060" }))).code).toBe(0);
    expect(lines(fake.out("argv"))).toEqual(expect.arrayContaining(["--metrics", "--metrics.addr=0.0.0.0", "--metrics.port=6060"]));
    expect((await runScript(GETH_INIT, gethEnv())).code).toBe(0);
    expect(lines(fake.out("argv")).filter((arg) => arg.startsWith("--metrics"))).toEqual([]);
  });
  it("never puts the JWT on geth's command line or in its environment", async () => {
    const fake = fakeExecutable(t.box, "fakegeth");
    expect((await runScript(GETH_INIT, gethEnv())).code).toBe(0);
    expect(fake.out("argv")).not.toContain(JWT);
    expect(fake.out("env")).not.toContain(JWT);
  });
  it("starts geth on the configured ports, data dir and network, without advertising an address", async () => {
    const fake = fakeExecutable(t.box, "fakegeth");
    expect((await runScript(GETH_INIT, gethEnv({ NETWORK_FLAG: "--sepolia", MAX_PEERS: "30", CACHE_MB: "8192" }))).code).toBe(0);
    expect(lines(fake.out("argv"))).toEqual(
      expect.arrayContaining([
        `--datadir=${t.box.dataDir}`,
        "--sepolia",
        "--http.port=8545",
        "--ws.port=8546",
        "--http.api=eth,net,web3,debug,txpool",
        "--port=30303",
        "--nat=none",
        "--maxpeers=30",
        "--cache=8192",
      ]),
    );
    expect(lines(fake.out("argv")).filter((a) => a.includes("engine") || a.startsWith("--http.api=") && a.includes("admin"))).toEqual([]);
  });
  it("fails without starting geth when the JWT file is missing", async () => {
    const fake = fakeExecutable(t.box, "fakegeth");
    rmSync(join(t.box.secretsDir, "jwt.hex"));
    const result = await runScript(GETH_INIT, gethEnv());
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("missing credential");
    expect(fake.out("pid")).toBeUndefined();
  });
  it("serves no engine API and reads no JWT without AUTH_PORT (BNB Smart Chain: no consensus client)", async () => {
    const fake = fakeExecutable(t.box, "fakegeth");
    rmSync(join(t.box.secretsDir, "jwt.hex"));
    const env = gethEnv({ NETWORK_FLAG: "--mainnet" });
    delete env.AUTH_PORT;
    expect((await runScript(GETH_INIT, env)).code).toBe(0);
    expect(lines(fake.out("argv")).filter((arg) => arg.startsWith("--authrpc"))).toEqual([]);
    expect(lines(fake.out("argv"))).toContain("--mainnet");
  });
  it("clears geth's liveness record, so the first check after a restart cannot fail", async () => {
    fakeExecutable(t.box, "fakegeth");
    t.box.writeData(".liveness-daemon", "100 1\n");
    expect((await runScript(GETH_INIT, gethEnv())).code).toBe(0);
    expect(t.box.readData(".liveness-daemon")).toBeUndefined();
  });
  it("lets the kubelet's SIGTERM reach geth directly (no wrapper in between)", async () => {
    const fake = fakeExecutable(t.box, "fakegeth", { waitForTerm: true });
    const running = startScript(GETH_INIT, gethEnv());
    await waitFor(() => fake.out("ready") !== undefined, "the fake geth to start");
    running.child.kill("SIGTERM");
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(fake.out("stopped")).toBe("clean\n");
  });
});

describe("evm beacon init.sh (Lighthouse)", () => {
  it("execs the beacon node against geth's engine API with the JWT file and a checkpoint", async () => {
    const fake = fakeExecutable(t.box, "fakelighthouse");
    const result = await runScript(BEACON_INIT, beaconEnv({ CHECKPOINT_SYNC_URL: "https://mainnet.checkpoint.sigp.io" }));
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);
    const argv = lines(fake.out("argv"));
    expect(argv[0]).toBe("beacon_node");
    expect(argv).toEqual(
      expect.arrayContaining([
        "--network=mainnet",
        `--datadir=${t.box.dataDir}`,
        "--http-port=5052",
        "--execution-endpoint=http://127.0.0.1:8551",
        `--execution-jwt=${join(t.box.secretsDir, "jwt.hex")}`,
        "--checkpoint-sync-url=https://mainnet.checkpoint.sigp.io",
        "--port=9000",
        "--quic-port=9001",
        "--disable-upnp",
      ]),
    );
    expect(fake.out("argv")).not.toContain(JWT);
    expect(fake.out("env")).not.toContain(JWT);
  });
  it("serves Prometheus metrics on METRICS_PORT with Lighthouse's own flags", async () => {
    const fake = fakeExecutable(t.box, "fakelighthouse");
    expect((await runScript(BEACON_INIT, beaconEnv({ METRICS_PORT: "5054" }))).code).toBe(0);
    expect(lines(fake.out("argv"))).toEqual(expect.arrayContaining(["--metrics", "--metrics-address=0.0.0.0", "--metrics-port=5054"]));
  });
  it("fails without starting the beacon node when the JWT file is missing", async () => {
    const fake = fakeExecutable(t.box, "fakelighthouse");
    rmSync(join(t.box.secretsDir, "jwt.hex"));
    expect((await runScript(BEACON_INIT, beaconEnv())).code).not.toBe(0);
    expect(fake.out("pid")).toBeUndefined();
  });
  it("clears the beacon node's liveness record, so the first check after a restart cannot fail", async () => {
    fakeExecutable(t.box, "fakelighthouse");
    t.box.writeData(".liveness-beacon", "100 1\n");
    expect((await runScript(BEACON_INIT, beaconEnv())).code).toBe(0);
    expect(t.box.readData(".liveness-beacon")).toBeUndefined();
  });
  it("lets SIGTERM reach the beacon node directly", async () => {
    const fake = fakeExecutable(t.box, "fakelighthouse", { waitForTerm: true });
    const running = startScript(BEACON_INIT, beaconEnv());
    await waitFor(() => fake.out("ready") !== undefined, "the fake beacon node to start");
    running.child.kill("SIGTERM");
    expect((await running.done).code).toBe(0);
    expect(fake.out("stopped")).toBe("clean\n");
  });
});

describe("evm beacon readiness.sh", () => {
  function beacon(state: { syncing?: boolean; distance?: number; elOffline?: boolean; peers?: number }): Record<string, HttpReply> {
    return {
      "/eth/v1/node/syncing": {
        json: { data: { head_slot: "13000000", sync_distance: String(state.distance ?? 0), is_syncing: state.syncing ?? false, is_optimistic: false, el_offline: state.elOffline ?? false } },
      },
      "/eth/v1/node/peer_count": { json: { data: { disconnected: "3", connecting: "0", connected: String(state.peers ?? 80), disconnecting: "0" } } },
    };
  }
  async function run(routes: Record<string, HttpReply> | "down", env: Record<string, string> = {}) {
    return runScript(BEACON_READINESS, t.box.env({ BEACON_PORT: String(await httpPort(t, routes)), ...env }));
  }

  it("is ready when synced with peers", async () => {
    const result = await run(beacon({}));
    expect(result.code).toBe(0);
    expect(result.output).toContain("ready: synced, 80 peers");
  });
  it("is not ready while syncing", async () => {
    const result = await run(beacon({ syncing: true, distance: 4000 }));
    expect(result.code).toBe(1);
    expect(result.output).toContain("not ready: syncing (is_syncing true, distance 4000)");
  });
  it("is not ready while its execution client is offline", async () => {
    const result = await run(beacon({ elOffline: true }));
    expect(result.code).toBe(1);
    expect(result.output).toContain("execution client is offline");
  });
  it("is not ready without peers, and takes the minimum from MIN_PEERS", async () => {
    expect((await run(beacon({ peers: 0 }))).code).toBe(1);
    expect((await run(beacon({ peers: 1 }))).code).toBe(0);
    expect((await run(beacon({ peers: 4 }), { MIN_PEERS: "5" })).code).toBe(1);
    expect((await run(beacon({ peers: 5 }), { MIN_PEERS: "5" })).code).toBe(0);
  });
  it("is not ready while the beacon API is down", async () => {
    const result = await run("down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("does not answer");
  });
  it("passes when $DATA_DIR/disable_readiness exists", async () => {
    t.box.writeData("disable_readiness", "");
    expect((await run("down")).code).toBe(0);
  });
});

describe("evm blockbook-init.sh", () => {
  const env = (port: number, extra: Record<string, string> = {}) =>
    t.box.env({ BLOCKBOOK_BINARY: join(t.box.binDir, "fakeblockbook"), BACKEND_RPC_PORT: String(port), BACKEND_WAIT_INTERVAL: "1", BLOCKBOOK_CONFIG: "/blockbook-config.json", ...extra });

  it("execs blockbook on the mounted config once geth answers, without credentials", async () => {
    const fake = fakeExecutable(t.box, "fakeblockbook");
    const geth = await fakeEthRpc({ eth_blockNumber: { result: "0x10" } });
    t.servers.push(geth);
    const result = await runScript(BLOCKBOOK_INIT, env(geth.port));
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);
    expect(lines(fake.out("argv"))).toEqual(expect.arrayContaining(["-blockchaincfg=/blockbook-config.json", `-datadir=${t.box.dataDir}`, "-sync", "-public=:8001", "-workers=1"]));
    expect(geth.requests[0]!.rpcMethod).toBe("eth_blockNumber");
  });
  it("waits for the backend at BACKEND_RPC_PATH when the JSON-RPC has a path (avalanche's C-chain)", async () => {
    fakeExecutable(t.box, "fakeblockbook");
    const backend = await fakeEthRpc({ eth_blockNumber: { result: "0x10" } });
    t.servers.push(backend);
    expect((await runScript(BLOCKBOOK_INIT, env(backend.port, { BACKEND_RPC_PATH: "/ext/bc/C/rpc" }))).code).toBe(0);
    expect(backend.requests.map((r) => r.path)).toEqual(["/ext/bc/C/rpc"]);
  });
  it("waits while geth is down, and stops at once on SIGTERM without starting blockbook", async () => {
    const fake = fakeExecutable(t.box, "fakeblockbook");
    const running = startScript(BLOCKBOOK_INIT, env(await closedPort()));
    await waitFor(() => running.output().includes("waiting 1s for the backend"), "the init to wait for geth");
    running.child.kill("SIGTERM");
    const result = await running.done;
    expect(result.code).toBe(143);
    expect(result.output).toContain("stopping before blockbook started");
    expect(fake.out("pid")).toBeUndefined();
  });
  it("clears blockbook's liveness record", async () => {
    fakeExecutable(t.box, "fakeblockbook");
    const geth = await fakeEthRpc({ eth_blockNumber: { result: "0x10" } });
    t.servers.push(geth);
    t.box.writeData(".liveness-indexer", "100 1\n");
    expect((await runScript(BLOCKBOOK_INIT, env(geth.port))).code).toBe(0);
    expect(t.box.readData(".liveness-indexer")).toBeUndefined();
  });
});
