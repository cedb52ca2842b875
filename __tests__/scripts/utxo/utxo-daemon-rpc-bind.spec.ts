/**
 * Issue 13, item 12: the UTXO daemon's RPC listens on loopback and admits loopback only; every client
 * (blockbook's rpc_url, the probes) is in the same pod.
 */
import { fakeExecutable, runScript, sandboxPerTest, scriptPath } from "../../helpers/scripts";

jest.setTimeout(60_000);

const INIT = scriptPath("utxo/daemon/init.sh");
const t = sandboxPerTest();

async function daemonArgv(): Promise<string[]> {
  const fake = fakeExecutable(t.box, "fakecoind");
  const env = t.box.env({ DAEMON_BINARY: "fakecoind", NETWORK_FLAG: "", RPC_PORT: "8332", P2P_PORT: "8333", P2P_PORT_NAME: "DAEMON_P2P" });
  expect((await runScript(INIT, env)).code).toBe(0);
  return (fake.out("argv") ?? "").trim().split("\n");
}

describe("utxo daemon init.sh: RPC exposure", () => {
  it("binds RPC to 127.0.0.1 only", async () => {
    const argv = await daemonArgv();
    expect(argv.filter((a) => a.startsWith("-rpcbind="))).toEqual(["-rpcbind=127.0.0.1"]);
  });

  it("admits RPC clients from 127.0.0.1 only (with -rpcbind, so the daemon honours the bind address)", async () => {
    const argv = await daemonArgv();
    expect(argv.filter((a) => a.startsWith("-rpcallowip="))).toEqual(["-rpcallowip=127.0.0.1"]);
  });

  it("never binds or admits every address", async () => {
    const argv = await daemonArgv();
    expect(argv.filter((a) => /^-rpc(bind|allowip)=(0\.0\.0\.0|::)/.test(a))).toEqual([]);
  });
});
