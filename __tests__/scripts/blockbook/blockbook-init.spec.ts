/**
 * blockbook's init.sh: renders the config with the credentials, waits for its
 * backend (trapping TERM while it waits), then execs a fake blockbook binary.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bitcoin } from "../../../coinstacks/bitcoin";
import {
  closedPort,
  CREDENTIALS,
  type FakeServer,
  fakeExecutable,
  fakeRpc,
  type RpcHandler,
  runScript,
  sandboxPerTest,
  scriptPath,
  startScript,
  waitFor,
} from "../../helpers/scripts";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const INIT = scriptPath("blockbook/init.sh");

/** The blockbook config template the bitcoin definition ships (the ConfigMap's content). */
function shippedTemplate(): Record<string, unknown> {
  const indexer = bitcoin.spec("mainnet").services.find((s) => s.name === "indexer")!;
  const file = indexer.configFiles!.find((f) => f.mountPath === "/blockbook-config.json")!;
  return JSON.parse(file.content) as Record<string, unknown>;
}

const t = sandboxPerTest();

/** Writes the shipped template with rpc_url pointing at `port`; returns the environment for init.sh. */
function initEnv(port: number, extra: Record<string, string> = {}): Record<string, string> {
  const template = join(t.box.root, "blockbook-config.json");
  writeFileSync(template, JSON.stringify({ ...shippedTemplate(), rpc_url: `http://127.0.0.1:${port}` }));
  const fake = join(t.box.binDir, "blockbook");
  return t.box.env({ BLOCKBOOK_BINARY: fake, BLOCKBOOK_CONFIG_TEMPLATE: template, BLOCKBOOK_PORT: "8001", BACKEND_WAIT_INTERVAL: "1", ...extra });
}

async function backend(getblockchaininfo: RpcHandler): Promise<FakeServer> {
  const server = await fakeRpc({ getblockchaininfo });
  t.servers.push(server);
  return server;
}

const READY = { result: { chain: "main", blocks: 800_000, headers: 800_000 } };
const WARMUP = { error: { code: -28, message: "Loading block index…" } };

describe("blockbook init.sh", () => {
  it("renders the credentials from SECRETS_DIR into a private copy of the config and execs blockbook with it", async () => {
    const fake = fakeExecutable(t.box, "blockbook");
    const server = await backend(READY);
    const result = await runScript(INIT, initEnv(server.port));
    expect(result.code).toBe(0);
    expect(Number(fake.out("pid"))).toBe(result.pid);

    const rendered = join(t.box.runtimeDir, "blockbook.json");
    const config = JSON.parse(readFileSync(rendered, "utf8")) as Record<string, unknown>;
    expect(config).toEqual({ ...shippedTemplate(), rpc_url: `http://127.0.0.1:${server.port}`, rpc_user: CREDENTIALS.user, rpc_pass: CREDENTIALS.pass });
    expect(statSync(rendered).mode & 0o777).toBe(0o600);

    const argv = fake.out("argv")!.trim().split("\n");
    expect(argv).toEqual([`-blockchaincfg=${rendered}`, `-datadir=${t.box.dataDir}`, "-sync", "-public=:8001", "-internal=:9030", "-logtostderr", "-workers=1"]);
    for (const text of [fake.out("argv")!, fake.out("env")!]) expect(text).not.toContain(CREDENTIALS.pass);
    // The backend check authenticated with the same credentials.
    expect(server.requests.map((r) => r.auth)).toEqual([{ user: CREDENTIALS.user, pass: CREDENTIALS.pass }]);
  });

  it("ships a template without credentials", () => {
    expect(shippedTemplate()).toMatchObject({ rpc_user: "", rpc_pass: "" });
  });

  it("waits while the backend warms up (-28) and starts blockbook once it answers", async () => {
    const fake = fakeExecutable(t.box, "blockbook");
    const server = await backend((call) => (call === 1 ? WARMUP : READY));
    const result = await runScript(INIT, initEnv(server.port));
    expect(result.code).toBe(0);
    expect(server.requests.length).toBe(2);
    expect(result.output).toContain("waiting 1s for the backend");
    expect(fake.out("pid")).toBeDefined();
  });

  it("stops at once on SIGTERM while it waits for a backend that is down, without starting blockbook", async () => {
    const fake = fakeExecutable(t.box, "blockbook");
    const running = startScript(INIT, initEnv(await closedPort(), { BACKEND_WAIT_INTERVAL: "30" }));
    await waitFor(() => running.output().includes("waiting 30s"), "init to wait for the backend");
    const sent = Date.now();
    running.child.kill("SIGTERM");
    const result = await running.done;
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(result.code).toBe(143);
    expect(result.output).toContain("stopping before blockbook started");
    expect(fake.out("pid")).toBeUndefined();
  });

  it("clears the indexer's liveness record", async () => {
    fakeExecutable(t.box, "blockbook");
    t.box.writeData(".liveness-indexer", "100 1\n");
    const server = await backend(READY);
    expect((await runScript(INIT, initEnv(server.port))).code).toBe(0);
    expect(t.box.readData(".liveness-indexer")).toBeUndefined();
  });

  it("takes workers and ports from the environment", async () => {
    const fake = fakeExecutable(t.box, "blockbook");
    const server = await backend(READY);
    expect((await runScript(INIT, initEnv(server.port, { BLOCKBOOK_WORKERS: "4", BLOCKBOOK_PORT: "9130", BLOCKBOOK_INTERNAL_PORT: "9031" }))).code).toBe(0);
    expect(fake.out("argv")!.trim().split("\n")).toEqual(expect.arrayContaining(["-workers=4", "-public=:9130", "-internal=:9031"]));
  });
});
