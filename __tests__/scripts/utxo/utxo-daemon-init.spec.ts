/**
 * The UTXO daemon's init.sh, with a fake daemon binary (DAEMON_BINARY) that
 * records its PID, argv and environment.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { container, synthCoin } from "../../helpers/coinstack";
import { CREDENTIALS, fakeExecutable, runScript, sandbox, sandboxPerTest, scriptPath, startScript, waitFor } from "../../helpers/scripts";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const INIT = scriptPath("utxo/daemon/init.sh");

const t = sandboxPerTest();

/** The environment the coin definition gives bitcoin mainnet's daemon, pointed at the sandbox. */
function daemonEnv(extra: Record<string, string> = {}): Record<string, string> {
  return t.box.env({
    DAEMON_BINARY: "fakecoind",
    NETWORK_FLAG: "",
    RPC_PORT: "8332",
    P2P_PORT: "8333",
    P2P_PORT_NAME: "DAEMON_P2P",
    ZMQ_PORT: "28332",
    ...extra,
  });
}

function lines(text: string | undefined): string[] {
  return (text ?? "").trim().split("\n");
}

describe("utxo daemon init.sh", () => {
  it("execs the daemon: the daemon runs as the init shell's own process", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    const result = await runScript(INIT, daemonEnv());
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);
  });

  it("writes the credentials from SECRETS_DIR into a private config file the daemon reads", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    expect((await runScript(INIT, daemonEnv())).code).toBe(0);
    const conf = join(t.box.runtimeDir, "daemon.conf");
    expect(lines(fake.out("argv"))).toContain(`-conf=${conf}`);
    expect(readFileSync(conf, "utf8")).toBe(`rpcuser=${CREDENTIALS.user}\nrpcpassword=${CREDENTIALS.pass}\n`);
    expect(statSync(conf).mode & 0o777).toBe(0o600);
  });

  it("never puts a credential on the daemon's command line or in its environment", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    expect((await runScript(INIT, daemonEnv())).code).toBe(0);
    for (const text of [fake.out("argv")!, fake.out("env")!]) {
      expect(text).not.toContain(CREDENTIALS.pass);
      expect(text).not.toContain(CREDENTIALS.user);
    }
    expect(fake.out("argv")).not.toMatch(/rpcpassword|rpcuser|rpcauth/);
  });

  it("starts the daemon on the configured ports, data dir, ZMQ socket and indexes blockbook needs", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    expect((await runScript(INIT, daemonEnv({ NETWORK_FLAG: "-testnet", RPC_PORT: "18332", P2P_PORT: "18333" }))).code).toBe(0);
    const argv = lines(fake.out("argv"));
    expect(argv).toEqual(
      expect.arrayContaining([
        `-datadir=${t.box.dataDir}`,
        "-printtoconsole=1",
        "-server=1",
        "-rpcport=18332",
        "-port=18333",
        "-listen=1",
        "-txindex=1",
        "-rpcworkqueue=1100",
        "-zmqpubhashtx=tcp://127.0.0.1:28332",
        "-zmqpubhashblock=tcp://127.0.0.1:28332",
        "-testnet",
      ]),
    );
    expect(argv.some((a) => a.startsWith("-externalip"))).toBe(false);
    expect(argv.some((a) => a.startsWith("-dbcache"))).toBe(false);
  });

  it("passes no network flag on mainnet, and DBCACHE_MB / MAX_MEMPOOL_MB / TXINDEX when set", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    expect((await runScript(INIT, daemonEnv({ DBCACHE_MB: "4000", MAX_MEMPOOL_MB: "2000", TXINDEX: "0" }))).code).toBe(0);
    const argv = lines(fake.out("argv"));
    expect(argv).toEqual(expect.arrayContaining(["-dbcache=4000", "-maxmempool=2000", "-txindex=0"]));
    expect(argv.filter((a) => /^-(testnet|regtest)$/.test(a))).toEqual([]);
  });

  it("advertises node IP + NodePort base + POD_INDEX for NodePort exposure", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    const env = daemonEnv({
      P2P_EXPOSURE: "NodePort",
      POD_INDEX: "2",
      P2P_ADVERTISE_HOST: "203.0.113.7",
      P2P_ADVERTISE_PORT_STRIDE: "1",
      P2P_ADVERTISE_PORT_BASE_DAEMON_P2P: "30444",
    });
    expect((await runScript(INIT, env)).code).toBe(0);
    expect(lines(fake.out("argv"))).toContain("-externalip=203.0.113.7:30446");
  });

  it("advertises the pod's own load balancer name from the template for LoadBalancer exposure", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    const env = daemonEnv({
      P2P_EXPOSURE: "LoadBalancer",
      POD_INDEX: "1",
      P2P_ADVERTISE_HOST_TEMPLATE: "p2p-{index}.bitcoin.coinstacks.example.com",
      P2P_ADVERTISE_PORT_STRIDE: "0",
      P2P_ADVERTISE_PORT_BASE_DAEMON_P2P: "8333",
    });
    expect((await runScript(INIT, env)).code).toBe(0);
    expect(lines(fake.out("argv"))).toContain("-externalip=p2p-1.bitcoin.coinstacks.example.com:8333");
  });

  it("refuses to start without POD_INDEX when it must advertise a per-pod address", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    const result = await runScript(INIT, daemonEnv({ P2P_EXPOSURE: "NodePort", P2P_ADVERTISE_HOST: "203.0.113.7", P2P_ADVERTISE_PORT_BASE_DAEMON_P2P: "30444" }));
    expect(result.code).not.toBe(0);
    expect(fake.out("pid")).toBeUndefined();
  });

  it("works with exactly the environment the construct synthesizes (local: regtest, NodePort 30444)", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    const synthesized = container(synthCoin("bitcoin", { env: "local" }), "bitcoin-regtest-daemon").env as { name: string; value?: string; value_from?: unknown }[];
    const downward: Record<string, string> = { POD_INDEX: "0", POD_NAME: "bitcoin-regtest-sts-0", POD_NAMESPACE: "coin-bitcoin-regtest", P2P_ADVERTISE_HOST: "10.1.2.3" };
    const env: Record<string, string> = {};
    for (const e of synthesized) {
      const value = e.value ?? downward[e.name];
      if (value === undefined) throw new Error(`no test value for ${e.name}`);
      env[e.name] = value;
    }
    const result = await runScript(INIT, { ...env, ...t.box.env({ DAEMON_BINARY: "fakecoind" }) });
    expect(result.code).toBe(0);
    expect(lines(fake.out("argv"))).toEqual(expect.arrayContaining(["-regtest", "-rpcport=18443", "-port=18444", "-externalip=10.1.2.3:30444"]));
  });

  it("clears the daemon's liveness record, so the first check after a restart cannot fail", async () => {
    fakeExecutable(t.box, "fakecoind");
    t.box.writeData(".liveness-daemon", "100 1\n");
    expect((await runScript(INIT, daemonEnv())).code).toBe(0);
    expect(t.box.readData(".liveness-daemon")).toBeUndefined();
  });

  it("fails without starting the daemon when a credential file is missing", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    rmSync(join(t.box.secretsDir, "rpc-password"));
    const result = await runScript(INIT, daemonEnv());
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("missing credential");
    expect(fake.out("pid")).toBeUndefined();
  });

  it("refuses credentials the daemon's config file cannot hold ('#' starts a comment)", async () => {
    t.box.cleanup();
    t.box = sandbox({ user: "u", pass: "abc#def" });
    const fake = fakeExecutable(t.box, "fakecoind");
    const result = await runScript(INIT, daemonEnv());
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("must not contain '#'");
    expect(fake.out("pid")).toBeUndefined();
  });

  it("lets the kubelet's SIGTERM reach the daemon directly (no wrapper in between)", async () => {
    const fake = fakeExecutable(t.box, "fakecoind", { waitForTerm: true });
    const running = startScript(INIT, daemonEnv());
    await waitFor(() => fake.out("ready") !== undefined, "the fake daemon to start");
    running.child.kill("SIGTERM");
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(fake.out("stopped")).toBe("clean\n");
    expect(Number(fake.out("pid"))).toBe(result.pid);
  });
});

describe("utxo daemon init.sh, with its ordinal in maintenance (coins.<coin>.maintenance)", () => {
  /** The maintenance ConfigMap as the pod sees it: ordinal-<n> holding stopped or running. */
  function maintenance(states: Record<number, string>): Record<string, string> {
    const dir = join(t.box.runtimeDir, "maintenance");
    mkdirSync(dir, { recursive: true });
    for (const [ordinal, state] of Object.entries(states)) writeFileSync(join(dir, `ordinal-${ordinal}`), state);
    return { MAINTENANCE_DIR: dir, POD_INDEX: "1", MAINTENANCE_POLL_SECONDS: "1" };
  }

  it("holds the daemon while the maintenance says stopped, and execs it once it is lifted", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    const env = maintenance({ 1: "stopped" });
    const running = startScript(INIT, daemonEnv(env));
    await waitFor(() => running.output().includes("is in maintenance with its daemon stopped"), "the init script to hold");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fake.out("pid")).toBeUndefined();
    rmSync(join(env.MAINTENANCE_DIR!, "ordinal-1"));
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);
  });

  it("starts the daemon at once when the maintenance lets it run, or is another ordinal's", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    expect((await runScript(INIT, daemonEnv(maintenance({ 1: "running", 0: "stopped" })))).code).toBe(0);
    expect(fake.out("pid")).toBeDefined();
  });

  it("holds the daemon while a quiesced backup's file is in force, and execs it once that file's time has passed", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    const env = maintenance({});
    writeFileSync(join(env.MAINTENANCE_DIR!, "quiesced-ordinal-1-daemon"), `stopped ${Math.floor(Date.now() / 1000) + 2}\n`);
    const running = startScript(INIT, daemonEnv(env));
    await waitFor(() => running.output().includes("is in maintenance with its daemon stopped"), "the init script to hold");
    expect(fake.out("pid")).toBeUndefined();
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);
  });

  it("ignores a quiesced backup's file whose time has passed, or another ordinal's", async () => {
    const fake = fakeExecutable(t.box, "fakecoind");
    const env = maintenance({});
    writeFileSync(join(env.MAINTENANCE_DIR!, "quiesced-ordinal-1-daemon"), `stopped ${Math.floor(Date.now() / 1000) - 1}\n`);
    writeFileSync(join(env.MAINTENANCE_DIR!, "quiesced-ordinal-0-daemon"), `stopped ${Math.floor(Date.now() / 1000) + 3600}\n`);
    expect((await runScript(INIT, daemonEnv(env))).code).toBe(0);
    expect(fake.out("pid")).toBeDefined();
  });

  it("stops at once on TERM while it holds the daemon", async () => {
    fakeExecutable(t.box, "fakecoind");
    const running = startScript(INIT, daemonEnv(maintenance({ 1: "stopped" })));
    await waitFor(() => running.output().includes("is in maintenance with its daemon stopped"), "the init script to hold");
    running.child.kill("SIGTERM");
    const result = await running.done;
    expect(result.code).toBe(143);
    expect(result.output).toContain("stopping before the daemon started");
  });
});
