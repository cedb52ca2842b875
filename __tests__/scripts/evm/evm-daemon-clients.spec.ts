/**
 * evm-lib.sh's eth_post in both images that run geth's probe scripts: geth's own (alpine: wget, no
 * curl), where it asks through wget as it always did, and op-reth's `<service>-monitor` container
 * (curl and jq, no wget; OP Labs' images have no shell), where it asks through curl with the same
 * contract. Each run emulates its image by the PATH it is given (imagePath, ../../helpers/tool-trace.ts):
 * only that image's commands are found, and the trace holds the run to them.
 */
import { appendFileSync, copyFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { IMAGE_TOOLS } from "../../../coinstacks/image-tools";
import { MONITOR_IMAGE } from "../../../lib/coinstack/monitor-image";
import { NITRO_IMAGE } from "../../../coinstacks/arbitrum";
import { BSC_IMAGE } from "../../../coinstacks/bnbsmartchain";
import { BOR_IMAGE } from "../../../coinstacks/polygon";
import { geth } from "../../helpers/nodes";
import { closedPort, type FakeServer, fakeEthRpc, type RpcHandler, runScript, sandboxPerTest, scriptPath } from "../../helpers/scripts";
import { imagePath, scriptImages, traceRun } from "../../helpers/tool-trace";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const STARTUP = scriptPath("evm/daemon/startup.sh");
const READINESS = scriptPath("evm/daemon/readiness.sh");
/** geth's image: the first the definitions run readiness.sh in (ethereum comes first in the catalog). */
const GETH_IMAGE = [...(scriptImages().get("evm/daemon/readiness.sh") ?? [])][0]!;

const t = sandboxPerTest();

async function serve(methods: Record<string, RpcHandler>): Promise<FakeServer> {
  const server = await fakeEthRpc(methods);
  t.servers.push(server);
  return server;
}

/** The sandbox's environment in a container of `image`: its PATH has that image's commands only. */
function inImage(image: string, env: Record<string, string>): Record<string, string> {
  return t.box.env({ PATH: `${t.box.binDir}:${imagePath(image)}`, ...env });
}

/** Reference endpoints at these heights (geth-like); "down" is a port where nothing listens. */
async function references(...heights: (number | "down")[]): Promise<string> {
  const urls = await Promise.all(heights.map(async (h) => (h === "down" ? `http://127.0.0.1:${await closedPort()}` : (await serve(geth({ height: h }))).url)));
  return urls.join(",");
}

/** Runs `script` in the monitor image against a node answering `methods` (or nothing: "down"). */
async function inMonitor(script: string, methods: Record<string, RpcHandler> | "down", env: Record<string, string> = {}) {
  const port = methods === "down" ? await closedPort() : (await serve(methods)).port;
  return runScript(script, inImage(MONITOR_IMAGE, { RPC_PORT: String(port), REFERENCE_QUORUM: "2", ...env }));
}

/** What a JSON-RPC client sent: its HTTP method, headers that tell the client, and the body. */
interface Asked {
  readonly method: string;
  readonly userAgent: string;
  readonly contentType: string;
  readonly body: string;
}

/** A synced geth at `height` that records who asks, for the tests of which client eth_post uses. */
async function recordingGeth(height: number): Promise<{ port: number; asked: Asked[] }> {
  const answers = geth({ height }) as Record<string, { result: unknown }>;
  const asked: Asked[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      asked.push({ method: req.method ?? "", userAgent: req.headers["user-agent"] ?? "", contentType: req.headers["content-type"] ?? "", body });
      const call = JSON.parse(body) as { method: string; id: unknown };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id: call.id, result: answers[call.method]!.result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.servers.push({
    port: 0,
    url: "",
    requests: [],
    answerOn: () => undefined,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  });
  return { port: (server.address() as AddressInfo).port, asked };
}

const BODY = (method: string) => `{"jsonrpc":"2.0","id":1,"method":"${method}","params":[]}`;

it("runs readiness.sh in geth's, bsc's and bor's images (wget), in the monitor's and in nitro's (curl, no wget)", () => {
  expect([...scriptImages().get("evm/daemon/readiness.sh")!].sort()).toEqual([GETH_IMAGE, MONITOR_IMAGE, NITRO_IMAGE, BSC_IMAGE, BOR_IMAGE].sort());
  const has = (image: string) => ["wget", "curl"].filter((client) => IMAGE_TOOLS[image]!.commands.includes(client));
  expect([has(GETH_IMAGE), has(BSC_IMAGE), has(BOR_IMAGE), has(MONITOR_IMAGE), has(NITRO_IMAGE)]).toEqual([["wget"], ["wget"], ["wget"], ["curl"], ["curl"]]);
});

describe("in the monitor image (curl, no wget)", () => {
  it("asks through curl: one POST of the JSON-RPC 2.0 body as application/json", async () => {
    const node = await recordingGeth(1000);
    const result = await runScript(STARTUP, inImage(MONITOR_IMAGE, { RPC_PORT: String(node.port) }));
    expect(result.code).toBe(0);
    expect(node.asked).toEqual([{ method: "POST", userAgent: expect.stringMatching(/^curl\//), contentType: "application/json", body: BODY("eth_blockNumber") }]);
  });
  it("asks the node directly though the environment names a proxy (--noproxy '*')", async () => {
    const proxy = `http://127.0.0.1:${await closedPort()}`;
    const result = await inMonitor(STARTUP, geth({ height: 1000 }), { http_proxy: proxy, HTTP_PROXY: proxy, ALL_PROXY: proxy });
    expect(result.output).toBe("started: RPC answers at block 1000\n");
  });

  describe("readiness.sh", () => {
    it("is ready when synced, with peers and at the references' height", async () => {
      const refs = await references(1000, 1000, 1000);
      const result = await inMonitor(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs });
      expect(result.code).toBe(0);
      expect(result.output).toContain("ready: block 1000, 25 peers, within 5 of 3 of 3 references");
    });
    it("is not ready while syncing", async () => {
      const result = await inMonitor(READINESS, geth({ height: 990, syncing: { currentBlock: 990, highestBlock: 1000 } }));
      expect(result.code).toBe(1);
      expect(result.output).toBe("not ready: syncing (block 990 of 1000)\n");
    });
    it("is not ready while the RPC is down, in one line saying what curl said", async () => {
      const result = await inMonitor(READINESS, "down");
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/^not ready: RPC down: no answer from http:\/\/127\.0\.0\.1:\d+ to eth_syncing \(\(7\) Failed to connect [^\n]*\)\n$/);
    });
    it("is not ready on an HTTP error status, in one line saying what curl said", async () => {
      const result = await inMonitor(READINESS, { ...geth({ height: 1000 }), eth_syncing: { status: 503, body: "<html>\n<body>no backend</body>\n</html>\n" } });
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/^not ready: RPC down: no answer from http:\/\/127\.0\.0\.1:\d+ to eth_syncing \(\(22\) The requested URL returned error: 503[^\n]*\)\n$/);
    });
    it("is not ready when the node answers later than RPC_TIMEOUT, giving up at the timeout", async () => {
      const started = Date.now();
      const result = await inMonitor(READINESS, { ...geth({ height: 1000 }), eth_syncing: { delayMs: 5_000, then: { result: false } } }, { RPC_TIMEOUT: "1" });
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/^not ready: RPC down: no answer from http:\/\/127\.0\.0\.1:\d+ to eth_syncing \(\(28\) [^\n]*\)\n$/);
      expect(Date.now() - started).toBeLessThan(4_000);
    });
    it("is not ready on a JSON-RPC error, quoting the answer", async () => {
      const result = await inMonitor(READINESS, { ...geth({ height: 1000 }), net_peerCount: { error: { code: -32601, message: "the method net_peerCount does not exist" } } });
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/^not ready: unexpected answer from http:\/\/127\.0\.0\.1:\d+ to net_peerCount: \{"result":null,"error":\{"code":-32601,/);
    });

    describe("reference endpoints", () => {
      it("is not ready when the quorum disagrees: two of three references are ahead beyond the tolerance", async () => {
        const refs = await references(1000, 1100, 1100);
        const result = await inMonitor(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs });
        expect(result.code).toBe(1);
        expect(result.output).toContain("not ready: block 1000 is more than 5 behind for 2 of 3 references (need 2 within tolerance)");
      });
      it("is ready when a quorum agrees and one reference is far ahead", async () => {
        const refs = await references(1000, 1001, 900_000);
        const result = await inMonitor(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs });
        expect(result.code).toBe(0);
        expect(result.output).toContain("within 5 of 2 of 3 references");
      });
      it("fails open when no reference answers, saying what curl said of each", async () => {
        const refs = await references("down", "down");
        const result = await inMonitor(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs });
        expect(result.code).toBe(0);
        expect(result.output).toMatch(/^reference http:\/\/127\.0\.0\.1:\d+: no usable answer \(RPC down: no answer from [^ ]+ to eth_blockNumber \(\(7\) Failed to connect/m);
        expect(result.output).toContain("no reference endpoint answered, failing open");
      });
      it("counts a reference answering an HTTP error status as not answering", async () => {
        const limited = await serve({ eth_blockNumber: { status: 429, body: "rate limited" } });
        const refs = `${limited.url},${await references(1100)}`;
        const result = await inMonitor(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: refs });
        expect(result.output).toMatch(/reference http:\/\/127\.0\.0\.1:\d+: no usable answer \(RPC down: [^\n]*\(22\) The requested URL returned error: 429/);
        // One answer of the quorum of two: it must agree, and it is 100 blocks ahead.
        expect(result.code).toBe(1);
        expect(result.output).toContain("more than 5 behind for 1 of 1 references (need 1 within tolerance)");
      });
      it("gives up on a slow reference after REFERENCE_TIMEOUT", async () => {
        const slow = await serve({ eth_blockNumber: { delayMs: 10_000, then: { result: "0x3e8" } } });
        const started = Date.now();
        const result = await inMonitor(READINESS, geth({ height: 1000 }), { REFERENCE_ENDPOINTS: slow.url, REFERENCE_TIMEOUT: "1" });
        expect(result.code).toBe(0);
        expect(result.output).toMatch(/no usable answer \(RPC down: [^\n]*\(28\) /);
        expect(Date.now() - started).toBeLessThan(5_000);
      });
    });
  });

  describe("startup.sh", () => {
    it("passes once the RPC answers", async () => {
      const result = await inMonitor(STARTUP, geth({ height: 0, peers: 0 }));
      expect(result.code).toBe(0);
      expect(result.output).toBe("started: RPC answers at block 0\n");
    });
    it("fails while the RPC is down, saying what curl said", async () => {
      const result = await inMonitor(STARTUP, "down");
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/^not started: RPC down: no answer from http:\/\/127\.0\.0\.1:\d+ to eth_blockNumber \(\(7\) Failed to connect [^\n]*\)\n$/);
    });
    it("fails on an HTTP error status, saying what curl said", async () => {
      const result = await inMonitor(STARTUP, { eth_blockNumber: { status: 500, body: "internal error" } });
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/^not started: RPC down: no answer from http:\/\/127\.0\.0\.1:\d+ to eth_blockNumber \(\(22\) The requested URL returned error: 500[^\n]*\)\n$/);
    });
  });
});

describe("in geth's image (wget, no curl): as before", () => {
  it("asks through wget: one POST of the JSON-RPC 2.0 body as application/json", async () => {
    const node = await recordingGeth(1000);
    const result = await runScript(READINESS, inImage(GETH_IMAGE, { RPC_PORT: String(node.port) }));
    expect(result.output).toBe("ready: block 1000, 25 peers (no reference endpoints configured)\n");
    expect(node.asked.map((a) => a.userAgent)).toEqual([expect.stringMatching(/^Wget\//), expect.stringMatching(/^Wget\//), expect.stringMatching(/^Wget\//)]);
    expect(node.asked.map(({ method, contentType, body }) => ({ method, contentType, body }))).toEqual(
      ["eth_syncing", "net_peerCount", "eth_blockNumber"].map((rpc) => ({ method: "POST", contentType: "application/json", body: BODY(rpc) })),
    );
  });
  it("prefers wget where the PATH has both wget and curl", async () => {
    const node = await recordingGeth(1000);
    // This machine's PATH: startup.sh runs in geth's image only, so the trace fails a call of curl.
    const result = await runScript(STARTUP, t.box.env({ RPC_PORT: String(node.port) }));
    expect(result.code).toBe(0);
    expect(node.asked.map((a) => a.userAgent)).toEqual([expect.stringMatching(/^Wget\//)]);
  });
  it("is not ready while the RPC is down, saying it in one line", async () => {
    const result = await runScript(READINESS, inImage(GETH_IMAGE, { RPC_PORT: String(await closedPort()) }));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^not ready: RPC down: no answer from http:\/\/127\.0\.0\.1:\d+ to eth_syncing [^\n]*\n$/);
    expect(result.output).not.toContain("curl");
  });
});

describe("the trace of a script run in two images", () => {
  /** evm-lib.sh as it would be after gaining `line` (sourced, so it runs before any probe). */
  const libCalling = (line: string): string => {
    const lib = join(t.box.root, "evm-lib.sh");
    copyFileSync(scriptPath("evm/evm-lib.sh"), lib);
    appendFileSync(lib, `${line}\n`);
    return lib;
  };

  it("holds a run given this machine's PATH to the first image that runs it, geth's", () => {
    expect(traceRun(READINESS, "/bin/sh", t.box.env()).image).toBe(GETH_IMAGE);
  });
  it("holds a run given an image's PATH to that image", () => {
    expect(traceRun(READINESS, "/bin/sh", inImage(MONITOR_IMAGE, {})).image).toBe(MONITOR_IMAGE);
  });
  it("refuses an image's PATH mixed with this machine's directories", () => {
    expect(() => traceRun(READINESS, "/bin/sh", t.box.env({ PATH: `${imagePath(MONITOR_IMAGE)}:/usr/bin` }))).toThrow(/emulates that image, so it takes no other/);
  });
  it("fails a run in the monitor's PATH that calls a command no image of the script declares", async () => {
    const env = inImage(MONITOR_IMAGE, { RPC_PORT: "1", EVM_LIB: libCalling("awk 'BEGIN { exit 0 }' </dev/null") });
    await expect(runScript(STARTUP, env)).rejects.toThrow(/coinstacks\/evm\/daemon\/startup\.sh called `awk`, which shapeshiftdao\/unchained-probe:1\.0\.0 \(.*\) does not declare/);
  });
  it("gives a run in the monitor's PATH no wget, although geth's image declares it and this machine has it", async () => {
    const result = await runScript(READINESS, inImage(MONITOR_IMAGE, { RPC_PORT: "1", EVM_LIB: libCalling("wget --version >/dev/null") }));
    expect(result.code).toBe(127);
    expect(result.output).toMatch(/wget: not found/);
  });
  it("gives a run in geth's PATH no curl, although the monitor declares it and this machine has it", async () => {
    const result = await runScript(READINESS, inImage(GETH_IMAGE, { RPC_PORT: "1", EVM_LIB: libCalling("curl --version >/dev/null") }));
    expect(result.code).toBe(127);
    expect(result.output).toMatch(/curl: not found/);
  });
  it("gives a run given this machine's PATH, held to geth's image, no curl", async () => {
    const result = await runScript(READINESS, t.box.env({ RPC_PORT: "1", EVM_LIB: libCalling("curl --version >/dev/null") }));
    expect(result.code).toBe(127);
    expect(result.output).toMatch(/curl: not found/);
  });
});
