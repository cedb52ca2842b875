/**
 * Every probe of the UTXO, blockbook, EVM and substrate families, when its node answers badly, fails with
 * status 1 and one line that says why (issue 19, item 4): the kubelet shows that line in the
 * pod's events, so it is all an operator sees. Never a tool's own diagnostics (jq's "parse
 * error", curl's or wget's), never a tool's exit status, never a verdict without its reason.
 *
 * One server per scenario answers every request the same way; all probes run against it at once.
 * A node that accepts and never answers is the emulated pods' scenario (../coinstack/workloads-in-containers.spec.ts),
 * where each probe runs with its StatefulSet's own timeouts.
 */
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { closedPort, runScript, sandboxPerTest, scriptPath } from "../helpers/scripts";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

interface Probe {
  readonly script: string;
  /** The environment variable naming the port the probe asks. */
  readonly port: string;
  /** Passes on any HTTP 200 whatever the body (the beacon node's /eth/v1/node/health). */
  readonly passesOnAny200?: boolean;
  readonly env?: Record<string, string>;
}

const PROBES: readonly Probe[] = [
  ...["startup", "readiness", "liveness"].map((kind) => ({ script: `utxo/daemon/${kind}.sh`, port: "RPC_PORT" })),
  ...["startup", "readiness", "liveness"].map((kind) => ({ script: `blockbook/${kind}.sh`, port: "BLOCKBOOK_PORT" })),
  ...["startup", "readiness", "liveness"].map((kind) => ({ script: `evm/daemon/${kind}.sh`, port: "RPC_PORT", env: { REFERENCE_ENDPOINTS: "" } })),
  { script: "evm/beacon/startup.sh", port: "BEACON_PORT", passesOnAny200: true },
  { script: "evm/beacon/readiness.sh", port: "BEACON_PORT" },
  { script: "evm/beacon/liveness.sh", port: "BEACON_PORT" },
  ...["startup", "readiness", "liveness"].map((kind) => ({ script: `substrate/${kind}.sh`, port: "RPC_PORT", env: { SUBSTRATE_LIB: scriptPath("substrate/substrate-lib.sh") } })),
];

/** How the node answers every request: nothing listens, or this HTTP reply. */
type Scenario = "down" | { status: number; body: string };

const SCENARIOS: Readonly<Record<string, Scenario>> = {
  "nothing listens": "down",
  "HTTP 500 with a long page of many lines": { status: 500, body: `<html>\r\n<body>\n${"\tno backend ".repeat(500)}\n</body></html>\n` },
  "HTTP 200 with a body that is not JSON": { status: 200, body: "<html><body>502 Bad Gateway</body></html>\n" },
  "HTTP 200 without a body": { status: 200, body: "" },
  "HTTP 200 with JSON of another shape": { status: 200, body: '{"jsonrpc":"2.0","id":1,"data":"surprise"}' },
};

const t = sandboxPerTest();

/** A port where the scenario happens, and how to stop it. */
async function serve(scenario: Scenario): Promise<{ port: number; close: () => Promise<void> }> {
  if (scenario === "down") return { port: await closedPort(), close: async () => undefined };
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on("error", () => undefined);
    socket.once("data", () => {
      const head = `HTTP/1.1 ${scenario.status} Whatever\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(scenario.body)}\r\nconnection: close\r\n\r\n`;
      socket.end(head + scenario.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

/** The verdict line: what failed, a colon, and the reason, quoting at most 200 characters of what the node said. */
const ONE_LINE_WITH_REASON = /^(not started|still starting|not ready|not alive): [^\n]*\S\n$/;
const LONGEST_LINE = 400;

describe.each(Object.entries(SCENARIOS))("when %s", (_name, scenario) => {
  it("every probe fails with status 1 and one line saying why", async () => {
    const server = await serve(scenario);
    try {
      const probes = PROBES.filter((p) => !(p.passesOnAny200 && typeof scenario === "object" && scenario.status === 200));
      const results = await Promise.all(
        probes.map(async (probe) => {
          const result = await runScript(scriptPath(probe.script), t.box.env({ [probe.port]: String(server.port), RPC_TIMEOUT: "1", ...probe.env }), 15_000);
          return { script: probe.script, code: result.code, output: result.output };
        }),
      );
      const wrong = results.filter((r) => r.code !== 1 || !ONE_LINE_WITH_REASON.test(r.output) || r.output.length > LONGEST_LINE);
      expect(wrong).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
