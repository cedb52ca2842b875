/**
 * Nethermind's init script for Gnosis Chain, with a fake Nethermind that records its argv.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeExecutable, runScript, sandboxPerTest, scriptPath } from "../../helpers/scripts";

// Each test starts shells; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const INIT = scriptPath("gnosis/daemon/init.sh");
const t = sandboxPerTest();
beforeEach(() => writeFileSync(join(t.box.secretsDir, "jwt.hex"), "5e".repeat(32)));

describe("gnosis init.sh (Nethermind)", () => {
  const env = (extra: Record<string, string> = {}) =>
    t.box.env({ NETHERMIND_BINARY: "fakenethermind", NETHERMIND_CONFIG: "gnosis", RPC_PORT: "8545", AUTH_PORT: "8551", P2P_PORT: "30303", ...extra });

  it("execs Nethermind on its chain's config with everything on its volume, the RPC on every address, the engine API on 127.0.0.1 with the JWT file, and every body and receipt kept", async () => {
    const fake = fakeExecutable(t.box, "fakenethermind");
    const result = await runScript(INIT, env());
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);
    expect(fake.out("argv")!.trim().split("\n")).toEqual([
      "--config",
      "gnosis",
      "--data-dir",
      t.box.dataDir,
      "--JsonRpc.Enabled",
      "true",
      "--JsonRpc.Host",
      "0.0.0.0",
      "--JsonRpc.Port",
      "8545",
      "--Init.WebSocketsEnabled",
      "true",
      "--JsonRpc.EnabledModules",
      "[Eth,Subscribe,Trace,TxPool,Web3,Proof,Net,Parity,Health,Rpc,Debug]",
      "--JsonRpc.EngineHost",
      "127.0.0.1",
      "--JsonRpc.EnginePort",
      "8551",
      "--JsonRpc.JwtSecretFile",
      join(t.box.secretsDir, "jwt.hex"),
      "--Network.P2PPort",
      "30303",
      "--Network.DiscoveryPort",
      "30303",
      "--Sync.AncientBodiesBarrier",
      "0",
      "--Sync.AncientReceiptsBarrier",
      "0",
    ]);
  });

  it("refuses to start without the engine API's JWT file", async () => {
    const fake = fakeExecutable(t.box, "fakenethermind");
    const result = await runScript(INIT, env({ SECRETS_DIR: `${t.box.root}/no-secrets` }));
    expect(result.code).not.toBe(0);
    expect(fake.out("pid")).toBeUndefined();
  });
});
