/**
 * avalanchego's init script with a fake avalanchego that records its argv, and geth's probe scripts
 * and blockbook's EVM init on a JSON-RPC served at a path (the C-chain's /ext/bc/C/rpc).
 */
import { fakeEthRpc, fakeExecutable, type FakeServer, type RpcHandler, runScript, sandboxPerTest, scriptPath } from "../../helpers/scripts";
import { geth } from "../../helpers/nodes";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const INIT = scriptPath("avalanche/daemon/init.sh");
const STARTUP = scriptPath("evm/daemon/startup.sh");
const READINESS = scriptPath("evm/daemon/readiness.sh");

const t = sandboxPerTest();

async function serve(methods: Record<string, RpcHandler>): Promise<FakeServer> {
  const server = await fakeEthRpc(methods);
  t.servers.push(server);
  return server;
}

describe("avalanche init.sh", () => {
  const env = (extra: Record<string, string> = {}) => t.box.env({ AVALANCHEGO_BINARY: "fakeavalanchego", RPC_PORT: "9650", P2P_PORT: "9651", ...extra });

  it("execs avalanchego with its data, logs and staking keys on its volume, its API on every address, and no inbound peers or kept identity", async () => {
    const fake = fakeExecutable(t.box, "fakeavalanchego");
    const result = await runScript(INIT, env());
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);
    expect(fake.out("argv")!.trim().split("\n")).toEqual([
      `--data-dir=${t.box.dataDir}`,
      "--network-id=mainnet",
      "--http-host=0.0.0.0",
      "--http-port=9650",
      "--http-allowed-hosts=*",
      "--staking-port=9651",
      "--public-ip=127.0.0.1",
      "--staking-ephemeral-cert-enabled",
      "--chain-config-dir=/configs/chains",
    ]);
  });

  it("takes the network from AVALANCHE_NETWORK", async () => {
    const fake = fakeExecutable(t.box, "fakeavalanchego");
    await runScript(INIT, env({ AVALANCHE_NETWORK: "fuji" }));
    expect(fake.out("argv")).toContain("--network-id=fuji");
  });
});

describe("geth's scripts on a JSON-RPC at a path (RPC_PATH)", () => {
  it("ask the path: startup, then readiness", async () => {
    const server = await serve(geth({ height: 700 }));
    const env = t.box.env({ RPC_PORT: String(server.port), RPC_PATH: "/ext/bc/C/rpc", MIN_PEERS: "0" });
    expect((await runScript(STARTUP, env)).code).toBe(0);
    expect((await runScript(READINESS, env)).output.trim()).toBe("ready: block 700, no peers required (no reference endpoints configured)");
    expect(new Set(server.requests.map((r) => r.path))).toEqual(new Set(["/ext/bc/C/rpc"]));
  });

  it("ask the root without it", async () => {
    const server = await serve(geth({ height: 700 }));
    await runScript(STARTUP, t.box.env({ RPC_PORT: String(server.port) }));
    expect(server.requests.map((r) => r.path)).toEqual(["/"]);
  });
});
