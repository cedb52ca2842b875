/**
 * Arbitrum's nitro: its init script with a fake nitro that records its argv, its liveness against a
 * nitro-like JSON-RPC 2.0 server on 127.0.0.1 (eth_blockNumber; eth_syncing's object holds decimal
 * message counts), and geth's readiness as nitro runs it (no peers: MIN_PEERS=0), in nitro's image
 * (curl and jq, no wget).
 */
import { NITRO_IMAGE } from "../../../coinstacks/arbitrum";
import { geth } from "../../helpers/nodes";
import { closedPort, type FakeServer, fakeEthRpc, fakeExecutable, itPassesWhenKillSwitched, type RpcHandler, runScript, sandboxPerTest, scriptPath } from "../../helpers/scripts";
import { imagePath } from "../../helpers/tool-trace";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const INIT = scriptPath("nitro/daemon/init.sh");
const LIVENESS = scriptPath("evm/daemon/block-liveness.sh");
const READINESS = scriptPath("evm/daemon/readiness.sh");

const t = sandboxPerTest();

const L1 = { PARENT_CHAIN_RPC_URL: "http://ethereum-svc.coin-ethereum.svc:8545", PARENT_CHAIN_BEACON_URL: "http://ethereum-svc.coin-ethereum.svc:5052" };
const initEnv = (extra: Record<string, string> = {}) => t.box.env({ NITRO_BINARY: "fakenitro", CHAIN_NAME: "arb1", RPC_PORT: "8547", WS_PORT: "8548", ...L1, ...extra });

async function serve(methods: Record<string, RpcHandler>): Promise<FakeServer> {
  const server = await fakeEthRpc(methods);
  t.servers.push(server);
  return server;
}

/** A nitro at `height`, catching up: eth_syncing answers nitro's progress map of decimal counts (arbnode/sync_monitor.go). */
function nitro(height: number, syncing = false): Record<string, RpcHandler> {
  const progress = { consensusSyncTargetMsgCount: height + 5000, maxMessageCount: height + 5000, msgCount: height + 10, feedPendingMessageCount: 0, blockNum: height, messageOfLastBlock: height - 1 };
  return { ...geth({ height }), eth_syncing: { result: syncing ? progress : false }, net_peerCount: { error: { code: -32601, message: "the method net_peerCount does not exist/is not available" } } };
}

/** Runs `script` as nitro's image would: its PATH holds that image's commands only. */
async function inNitro(script: string, methods: Record<string, RpcHandler> | "down", env: Record<string, string> = {}) {
  const port = methods === "down" ? await closedPort() : (await serve(methods)).port;
  return runScript(script, t.box.env({ PATH: `${t.box.binDir}:${imagePath(NITRO_IMAGE)}`, RPC_PORT: String(port), ...env }));
}

describe("nitro init.sh", () => {
  it("execs nitro: it runs as the init shell's own process", async () => {
    const fake = fakeExecutable(t.box, "fakenitro");
    const result = await runScript(INIT, initEnv());
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);
  });

  it("follows its chain by name and reads the parent chain's execution and beacon endpoints", async () => {
    const fake = fakeExecutable(t.box, "fakenitro");
    await runScript(INIT, initEnv());
    expect(fake.out("argv")!.trim().split("\n")).toEqual(
      expect.arrayContaining(["--chain.name=arb1", `--parent-chain.connection.url=${L1.PARENT_CHAIN_RPC_URL}`, `--parent-chain.blob-client.beacon-url=${L1.PARENT_CHAIN_BEACON_URL}`]),
    );
  });

  it("keeps everything it writes on its volume, the snapshot download included, with file logging and staking off and every transaction indexed", async () => {
    const fake = fakeExecutable(t.box, "fakenitro");
    await runScript(INIT, initEnv());
    const argv = fake.out("argv")!.trim().split("\n");
    const data = t.box.dataDir;
    expect(argv).toEqual(
      expect.arrayContaining([
        `--persistent.chain=${data}`,
        `--persistent.global-config=${data}/.arbitrum`,
        "--init.latest=pruned",
        `--init.download-path=${data}/download`,
        "--file-logging.enable=false",
        "--node.staker.enable=false",
        "--execution.tx-lookup-limit=0",
        "--validation.wasm.allowed-wasm-module-roots=/home/user/nitro-legacy/machines,/home/user/target/machines",
      ]),
    );
  });

  it("serves JSON-RPC over HTTP and websocket on every address, and metrics only when METRICS_PORT is set", async () => {
    const fake = fakeExecutable(t.box, "fakenitro");
    await runScript(INIT, initEnv());
    expect(fake.out("argv")).not.toContain("--metrics");
    await runScript(INIT, initEnv({ METRICS_PORT: "6070" }));
    const argv = fake.out("argv")!.trim().split("\n");
    expect(argv).toEqual(expect.arrayContaining(["--http.addr=0.0.0.0", "--http.port=8547", "--ws.addr=0.0.0.0", "--ws.port=8548", "--metrics", "--metrics-server.addr=0.0.0.0", "--metrics-server.port=6070"]));
  });

  it("refuses to start without its parent chain's endpoints", async () => {
    fakeExecutable(t.box, "fakenitro");
    const result = await runScript(INIT, initEnv({ PARENT_CHAIN_BEACON_URL: "" }));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("PARENT_CHAIN_BEACON_URL");
  });

  it("forgets the recorded height, so the first liveness check after a start records", async () => {
    fakeExecutable(t.box, "fakenitro");
    t.box.writeData(".liveness-daemon", "100 1\n");
    await runScript(INIT, initEnv());
    expect(t.box.readData(".liveness-daemon")).toBeUndefined();
  });
});

describe("nitro liveness.sh", () => {
  it("records the height on its first check, and is alive while it moves", async () => {
    expect((await inNitro(LIVENESS, nitro(1000))).output).toContain("alive: first check, height 1000 recorded");
    const moved = await inNitro(LIVENESS, nitro(1001, true));
    expect([moved.code, moved.output.trim()]).toEqual([0, "alive: height 1001 (was 1000)"]);
  });

  it("is not alive once the height has not moved for LIVENESS_WINDOW_SECONDS, syncing or not", async () => {
    t.box.writeData(".liveness-daemon", `1000 ${Math.floor(Date.now() / 1000) - 120}\n`);
    const result = await inNitro(LIVENESS, nitro(1000, true), { LIVENESS_WINDOW_SECONDS: "60" });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^not alive: height stuck at 1000 for \d+s \(window 60s\)$/m);
  });

  it("is not alive while the RPC is down", async () => {
    const result = await inNitro(LIVENESS, "down");
    expect(result.code).toBe(1);
    expect(result.output).toContain("not alive: RPC down");
  });

  itPassesWhenKillSwitched(t, "liveness", () => inNitro(LIVENESS, "down"));
});

describe("geth's readiness.sh as nitro runs it (MIN_PEERS=0, in nitro's image)", () => {
  it("is ready when synced, without asking for peers (nitro serves no net_peerCount)", async () => {
    const server = await serve(nitro(5000));
    const result = await runScript(READINESS, t.box.env({ PATH: `${t.box.binDir}:${imagePath(NITRO_IMAGE)}`, RPC_PORT: String(server.port), MIN_PEERS: "0" }));
    expect([result.code, result.output.trim()]).toEqual([0, "ready: block 5000, no peers required (no reference endpoints configured)"]);
    expect(server.requests.map((r) => r.rpcMethod)).toEqual(["eth_syncing", "eth_blockNumber"]);
  });

  it("is not ready while nitro catches up", async () => {
    const result = await inNitro(READINESS, nitro(5000, true), { MIN_PEERS: "0" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("not ready: syncing");
  });

  it("still asks for peers, and fails on nitro's answer, with MIN_PEERS above 0", async () => {
    const result = await inNitro(READINESS, nitro(5000), { MIN_PEERS: "1" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("net_peerCount");
  });
});
