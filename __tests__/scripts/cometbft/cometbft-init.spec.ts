/**
 * The Cosmos SDK node's init script with a fake gaiad (../../helpers/cometbft.ts: its `init` writes a
 * config and a placeholder genesis, as the real one does; its `start` records), a fake genesis host
 * and fake CometBFT RPC servers for state sync's trust point, all on 127.0.0.1.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { closedPort, fakeHttp, type FakeServer, type HttpReply, runScript, sandboxPerTest, scriptPath, startScript, waitFor } from "../../helpers/scripts";
import { COMET_BLOCK_HASH, cometBlock, cometStatus } from "../../helpers/nodes";
import { fakeCosmosSdkNode } from "../../helpers/cometbft";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const INIT = scriptPath("cometbft/daemon/init.sh");
const GENESIS = `${JSON.stringify({ genesis_time: "2023-02-02T20:31:48.773794586Z", chain_id: "provider", initial_height: "1" }, null, 2)}\n`;
const GENESIS_SHA256 = createHash("sha256").update(GENESIS).digest("hex");

const t = sandboxPerTest();

async function serve(routes: Record<string, HttpReply | ((call: number) => HttpReply)>): Promise<FakeServer> {
  const server = await fakeHttp(routes);
  t.servers.push(server);
  return server;
}

const fakeGaiad = () => fakeCosmosSdkNode(t.box, "gaiad");

/** A state sync server at `tip`, serving the block 2000 below it. */
async function stateSyncServer(tip: number): Promise<FakeServer> {
  return serve({ "/status": cometStatus(tip), [`/block?height=${tip - 2000}`]: cometBlock(tip - 2000) });
}

async function env(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const genesisHost = extra.GENESIS_URL ? undefined : await serve({ "/provider-genesis.json": { body: GENESIS } });
  return t.box.env({
    CHAIN_BINARY: "gaiad",
    CHAIN_ID: "provider",
    GENESIS_URL: `${genesisHost?.url}/provider-genesis.json`,
    GENESIS_CHECKSUM: `sha256:${GENESIS_SHA256}`,
    RPC_PORT: "26657",
    P2P_PORT: "26656",
    API_PORT: "1317",
    GRPC_PORT: "9090",
    METRICS_PORT: "26660",
    POD_INDEX: "1",
    ...extra,
  });
}

const home = () => join(t.box.dataDir, "node");

describe("cometbft init.sh (a Cosmos SDK node)", () => {
  it("initializes the home on the volume, fetches and checks the genesis, and execs `start` with the listeners on every address", async () => {
    const gaiad = fakeGaiad();
    const result = await runScript(INIT, await env({ SEEDS: "abc@seed.example:26656", MIN_GAS_PRICES: "0.005uatom" }));
    expect(result.code).toBe(0);
    expect(Number(gaiad.node.out("pid"))).toBe(result.pid);
    expect(gaiad.calls()).toEqual([
      ["init", "node-1", "--chain-id", "provider", "--home", home(), "--overwrite"],
      [
        "start",
        "--home",
        home(),
        "--p2p.laddr",
        "tcp://0.0.0.0:26656",
        "--rpc.laddr",
        "tcp://0.0.0.0:26657",
        "--api.enable=true",
        "--api.address",
        "tcp://0.0.0.0:1317",
        "--grpc.address",
        "0.0.0.0:9090",
        "--p2p.seeds",
        "abc@seed.example:26656",
        "--minimum-gas-prices",
        "0.005uatom",
      ],
    ]);
    expect(readFileSync(join(home(), "config", "genesis.json"), "utf8")).toBe(GENESIS);
    expect(gaiad.env()).toMatchObject({ GAIAD_INSTRUMENTATION_PROMETHEUS: "true", GAIAD_INSTRUMENTATION_PROMETHEUS_LISTEN_ADDR: ":26660" });
    expect(Object.keys(gaiad.env()).filter((k) => k.startsWith("GAIAD_STATESYNC"))).toEqual([]);
  });

  it("unpacks a .json.gz genesis before checking it", async () => {
    const gaiad = fakeGaiad();
    const host = await serve({ "/genesis.cosmoshub-4.json.gz": { body: gzipSync(GENESIS) } });
    const result = await runScript(INIT, await env({ GENESIS_URL: `${host.url}/genesis.cosmoshub-4.json.gz` }));
    expect(result.code).toBe(0);
    expect(readFileSync(join(home(), "config", "genesis.json"), "utf8")).toBe(GENESIS);
    expect(gaiad.calls().at(-1)![0]).toBe("start");
  });

  it("tries a download that failed again in 30 s", async () => {
    const gaiad = fakeGaiad();
    const running = startScript(INIT, await env({ GENESIS_URL: `http://127.0.0.1:${await closedPort()}/provider-genesis.json` }));
    await waitFor(() => running.output().includes("waiting 30s for the genesis"), "the init to wait for the genesis");
    running.child.kill("SIGTERM");
    expect((await running.done).code).toBe(143);
    expect(gaiad.calls().map((c) => c[0])).toEqual(["init"]);
  });

  it("checks a sha512 checksum (heimdall-v2 publishes one)", async () => {
    const gaiad = fakeGaiad();
    const sha512 = createHash("sha512").update(GENESIS).digest("hex");
    const result = await runScript(INIT, await env({ GENESIS_CHECKSUM: `sha512:${sha512}` }));
    expect(result.code).toBe(0);
    expect(gaiad.calls().at(-1)![0]).toBe("start");
  });

  it("refuses a checksum of another algorithm before downloading anything", async () => {
    const gaiad = fakeGaiad();
    const result = await runScript(INIT, await env({ GENESIS_CHECKSUM: `md5:${"0".repeat(32)}` }));
    expect(result.code).toBe(1);
    expect(result.output).toContain("GENESIS_CHECKSUM must be sha256:<hex> or sha512:<hex>, got md5:");
    expect(gaiad.calls().map((c) => c[0])).toEqual(["init"]);
  });

  it("passes its own arguments on to `start`, after the home (the node's own flags, as heimdalld's L1 URL)", async () => {
    const gaiad = fakeGaiad();
    const result = await runScript(INIT, await env(), undefined, ["--eth_rpc_url=http://l1.example:8545"]);
    expect(result.code).toBe(0);
    expect(gaiad.calls().at(-1)!.slice(0, 4)).toEqual(["start", "--home", home(), "--eth_rpc_url=http://l1.example:8545"]);
  });

  it("never starts the node on a genesis whose sha256 differs: it says why and tries again in an hour, not at once (a download can be gigabytes)", async () => {
    const gaiad = fakeGaiad();
    const host = await serve({ "/provider-genesis.json": { body: GENESIS.replace("provider", "forged") } });
    const running = startScript(INIT, await env({ GENESIS_URL: `${host.url}/provider-genesis.json` }));
    await waitFor(() => running.output().includes("waiting 3600s for the genesis"), "the init to wait for a good genesis");
    expect(running.output()).toContain(`does not have checksum sha256:${GENESIS_SHA256}`);
    running.child.kill("SIGTERM");
    expect((await running.done).code).toBe(143);
    expect(gaiad.calls().map((c) => c[0])).toEqual(["init"]);
    expect(readFileSync(join(home(), "config", "genesis.json"), "utf8")).toBe("{}\n");
  });

  it("on a restart, initializes nothing and downloads nothing when the genesis checks", async () => {
    const gaiad = fakeGaiad();
    mkdirSync(join(home(), "config"), { recursive: true });
    writeFileSync(join(home(), "config", "config.toml"), 'moniker = "node-1"\n');
    writeFileSync(join(home(), "config", "genesis.json"), GENESIS);
    const result = await runScript(INIT, await env({ GENESIS_URL: `http://127.0.0.1:${await closedPort()}/provider-genesis.json` }));
    expect(result.code).toBe(0);
    expect(gaiad.calls().map((c) => c[0])).toEqual(["start"]);
  });

  it("with a chain, neither hashes nor fetches the genesis again (CometBFT refuses another genesis itself)", async () => {
    const gaiad = fakeGaiad();
    mkdirSync(join(home(), "config"), { recursive: true });
    mkdirSync(join(home(), "data", "state.db"), { recursive: true });
    writeFileSync(join(home(), "config", "config.toml"), 'moniker = "node-1"\n');
    writeFileSync(join(home(), "config", "genesis.json"), "{}\n");
    const result = await runScript(INIT, await env({ GENESIS_URL: `http://127.0.0.1:${await closedPort()}/provider-genesis.json` }));
    expect(result.code).toBe(0);
    expect(gaiad.calls().map((c) => c[0])).toEqual(["start"]);
  });

  describe("state sync (STATE_SYNC_RPC_SERVERS)", () => {
    it("trusts the first server's block 2000 below its tip, and hands the settings to the node as its config environment", async () => {
      const gaiad = fakeGaiad();
      const first = await stateSyncServer(25_000);
      const second = await stateSyncServer(25_001);
      const servers = `${first.url},${second.url}`;
      const result = await runScript(INIT, await env({ STATE_SYNC_RPC_SERVERS: servers, STATE_SYNC_TRUST_PERIOD: "8h0m0s" }));
      expect(result.code).toBe(0);
      expect(result.output).toContain(`state sync from block 23000 (${COMET_BLOCK_HASH})`);
      expect(gaiad.env()).toMatchObject({
        GAIAD_STATESYNC_ENABLE: "true",
        GAIAD_STATESYNC_RPC_SERVERS: servers,
        GAIAD_STATESYNC_TRUST_HEIGHT: "23000",
        GAIAD_STATESYNC_TRUST_HASH: COMET_BLOCK_HASH,
        GAIAD_STATESYNC_TRUST_PERIOD: "8h0m0s",
      });
      expect(second.requests).toEqual([]);
    });

    it("takes the offset from STATE_SYNC_TRUST_OFFSET", async () => {
      const gaiad = fakeGaiad();
      const server = await serve({ "/status": cometStatus(25_000), "/block?height=24000": cometBlock(24_000) });
      const result = await runScript(INIT, await env({ STATE_SYNC_RPC_SERVERS: `${server.url},${server.url}`, STATE_SYNC_TRUST_OFFSET: "1000" }));
      expect(result.code).toBe(0);
      expect(gaiad.env().GAIAD_STATESYNC_TRUST_HEIGHT).toBe("24000");
    });

    it("waits for the servers when the node has no chain yet (it could not start otherwise)", async () => {
      const gaiad = fakeGaiad();
      const running = startScript(INIT, await env({ STATE_SYNC_RPC_SERVERS: `http://127.0.0.1:${await closedPort()},http://127.0.0.1:${await closedPort()}` }));
      await waitFor(() => running.output().includes("waiting 30s for a state sync trust point"), "the init to wait for a trust point");
      expect(running.output()).toContain("state sync: RPC down");
      running.child.kill("SIGTERM");
      expect((await running.done).code).toBe(143);
      expect(gaiad.calls().map((c) => c[0])).toEqual(["init"]);
    });

    it("refuses an answer without a block hash (garbage) as no trust point", async () => {
      fakeGaiad();
      const server = await serve({ "/status": cometStatus(25_000), "/block?height=23000": { body: '{"jsonrpc":"2.0","id":-1,"result":{"block_id":{"hash":"","parts":{}}}}' } });
      const running = startScript(INIT, await env({ STATE_SYNC_RPC_SERVERS: `${server.url},${server.url}` }));
      await waitFor(() => running.output().includes("waiting 30s for a state sync trust point"), "the init to wait for a trust point");
      expect(running.output()).toContain("no block hash");
      running.child.kill("SIGTERM");
      await running.done;
    });

    it("starts a node that has data from its data when the servers are down (CometBFT skips state sync then anyway)", async () => {
      const gaiad = fakeGaiad();
      mkdirSync(join(home(), "data", "state.db"), { recursive: true });
      const result = await runScript(INIT, await env({ STATE_SYNC_RPC_SERVERS: `http://127.0.0.1:${await closedPort()},http://127.0.0.1:${await closedPort()}` }));
      expect(result.code).toBe(0);
      expect(result.output).toContain("the node has a chain and starts from it");
      expect(Object.keys(gaiad.env()).filter((k) => k.startsWith("GAIAD_STATESYNC"))).toEqual([]);
    });
  });

  it("clears the liveness record, so the first check after a restart cannot fail", async () => {
    fakeGaiad();
    t.box.writeData(".liveness-daemon", "100 1\n");
    expect((await runScript(INIT, await env())).code).toBe(0);
    expect(t.box.readData(".liveness-daemon")).toBeUndefined();
  });
});
