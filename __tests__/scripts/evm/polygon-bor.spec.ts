/**
 * bor's init script (Polygon PoS's execution client), with a fake bor that records its argv.
 */
import { fakeExecutable, runScript, sandboxPerTest, scriptPath } from "../../helpers/scripts";

// Each test starts shells; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const INIT = scriptPath("polygon/bor/init.sh");
const t = sandboxPerTest();

const env = (extra: Record<string, string> = {}) =>
  t.box.env({ BOR_BINARY: "fakebor", RPC_PORT: "8545", WS_PORT: "8546", P2P_PORT: "30303", METRICS_PORT: "7071", HEIMDALL_URL: "http://127.0.0.1:1317", ...extra });

describe("polygon bor init.sh", () => {
  it("execs `bor server` on mainnet with its data on its volume, its RPC and websocket for the coinstack, heimdall in the pod and every transaction indexed", async () => {
    const fake = fakeExecutable(t.box, "fakebor");
    const result = await runScript(INIT, env({ DISCOVERY_DNS: "enrtree://KEY@pos.polygon-peers.io" }));
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);
    expect(fake.out("argv")!.trim().split("\n")).toEqual([
      "server",
      "--chain=mainnet",
      `--datadir=${t.box.dataDir}`,
      "--syncmode=full",
      "--gcmode=full",
      "--port=30303",
      "--maxpeers=200",
      "--cache=4096",
      "--http",
      "--http.addr=0.0.0.0",
      "--http.port=8545",
      "--http.api=eth,net,web3,debug,txpool,bor",
      "--http.vhosts=*",
      "--ws",
      "--ws.addr=0.0.0.0",
      "--ws.port=8546",
      "--ws.api=eth,net,web3,debug,txpool,bor",
      "--ws.origins=*",
      "--metrics",
      "--metrics.prometheus-addr=0.0.0.0:7071",
      "--bor.heimdall=http://127.0.0.1:1317",
      "--txlookuplimit=0",
      "--discovery.dns=enrtree://KEY@pos.polygon-peers.io",
    ]);
  });

  it("takes peers and cache from MAX_PEERS and CACHE_MB, and bootnodes from BOOTNODES", async () => {
    const fake = fakeExecutable(t.box, "fakebor");
    await runScript(INIT, env({ MAX_PEERS: "80", CACHE_MB: "8192", BOOTNODES: "enode://a@10.0.0.1:30303" }));
    expect(fake.out("argv")!.trim().split("\n")).toEqual(expect.arrayContaining(["--maxpeers=80", "--cache=8192", "--bootnodes=enode://a@10.0.0.1:30303"]));
  });

  it("refuses a malformed MAX_PEERS before starting bor", async () => {
    const fake = fakeExecutable(t.box, "fakebor");
    const result = await runScript(INIT, env({ MAX_PEERS: "many" }));
    expect(result.code).not.toBe(0);
    expect(fake.out("pid")).toBeUndefined();
  });

  it("clears its liveness record, so the first check after a restart cannot fail", async () => {
    fakeExecutable(t.box, "fakebor");
    t.box.writeData(".liveness-daemon", "100 1\n");
    expect((await runScript(INIT, env())).code).toBe(0);
    expect(t.box.readData(".liveness-daemon")).toBeUndefined();
  });
});
