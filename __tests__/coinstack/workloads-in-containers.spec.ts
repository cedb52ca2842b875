/**
 * Every lifecycle script of the shipped dev environment, run in the container it will really run in
 * as far as this machine allows (issue 19): each StatefulSet as synthesized becomes an emulated pod
 * (../helpers/pod.ts) with its own network, its containers' mounts, users, read-only roots and
 * environment taken from the JSON Terraform applies, not from a hand-written copy, and each probe
 * killed at its own timeoutSeconds. The scenarios in depth are the family specs' (sandbox runs); here
 * each script shows it works where it lives: init execs the image's binary, every probe passes on a
 * synced node and fails in time, saying why, on a node that accepts connections and never answers
 * (a node that is down is the sandbox's ../scripts/probe-failure-lines.spec.ts).
 */
import { chmodSync, mkdirSync } from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import { fakeSubstrateNode, peerIdOf } from "../helpers/substrate";
import { beaconSyncing, blockbookStatus, cometbftNode, geth, midgardHealth, opNode, substrateNode, utxoDaemon } from "../helpers/nodes";
import { fakeCosmosSdkNode } from "../helpers/cometbft";
import { containerEnvironment, mountedScript, type ProbeKind, startPod, synthesizedPods, type EmulatedPod, type SynthesizedContainer, type SynthesizedPod } from "../helpers/pod";
import { COINSTACKS, CREDENTIALS, fakeEthRpc, fakeExecutable, type FakeExecutable, fakeHttp, fakeJsonRpc2, fakeRpc, type FakeServer, sandbox, type Sandbox } from "../helpers/scripts";
import { synthShipped } from "../helpers/synth";
import { traceDirectory } from "../helpers/tool-trace";
import { afterSuite } from "../helpers/specs";

jest.setTimeout(60_000);

const HEIGHT = 840_000;

/** The fake servers a synced node of a script family answers with, on the ports its container's environment names. */
const SYNCED: Readonly<Record<string, (env: Record<string, string>) => [number, () => Promise<FakeServer>][]>> = {
  "utxo/daemon": (env) => [[Number(env.RPC_PORT), () => fakeRpc(utxoDaemon({ blocks: HEIGHT }))]],
  blockbook: (env) => [[Number(env.BLOCKBOOK_PORT), () => fakeHttp({ "/api/": blockbookStatus(HEIGHT, HEIGHT) })]],
  "evm/daemon": (env) => [[Number(env.RPC_PORT), () => fakeEthRpc(geth({ height: HEIGHT }))]],
  "evm/beacon": (env) => [
    [
      Number(env.BEACON_PORT),
      () =>
        fakeHttp({
          "/eth/v1/node/health": { status: 200, body: "" },
          "/eth/v1/node/peer_count": { json: { data: { connected: "60", disconnected: "3", connecting: "0", disconnecting: "0" } } },
          ...beaconSyncing({ headSlot: HEIGHT }),
        }),
    ],
  ],
  "evm/daemon/block-liveness.sh": (env) => [[Number(env.RPC_PORT), () => fakeEthRpc(geth({ height: HEIGHT }))]],
  "cometbft/daemon": (env) => [[Number(env.RPC_PORT), () => fakeHttp(cometbftNode({ height: HEIGHT }))]],
  "thorchain/midgard": (env) => [[Number(env.MIDGARD_PORT), () => fakeHttp({ "/v2/health": midgardHealth({ scanning: HEIGHT }) })]],
  "opstack/op-node": (env) => [[Number(env.RPC_PORT), () => fakeJsonRpc2(opNode())]],
  substrate: (env) => [
    [Number(env.RPC_PORT), () => fakeJsonRpc2(substrateNode({ best: HEIGHT }))],
    // Its reserved peers' peer-ID publishers (another pod's sidecar; here on this pod's 127.0.0.1).
    [Number(env.PEER_ID_PORT ?? 30334), () => fakeHttp({ "/peer-id": { body: `${peerIdOf("Peer".repeat(16))}\n` } })],
  ],
};

/** Where each Cosmos SDK node's image keeps its binary (their Dockerfiles). */
const COSMOS_SDK_BINARY_DIRS: Readonly<Record<string, string>> = { gaiad: "/usr/local/bin", heimdalld: "/usr/bin" };

/** The image's own binaries an init script execs, at their paths in the image, and the fake that records the exec. */
function imageBinaries(box: Sandbox, family: string, env: Record<string, string>): { binaries: Record<string, string>; fake: FakeExecutable } {
  const single = (path: string, name: string) => {
    const fake = fakeExecutable(box, name);
    return { binaries: { [path]: fake.path }, fake };
  };
  switch (family) {
    case "utxo/daemon":
      return single(`/usr/local/bin/${env.DAEMON_BINARY}`, env.DAEMON_BINARY!);
    case "blockbook":
    case "evm/blockbook-init.sh":
      return single("/usr/bin/blockbook", "blockbook");
    case "evm/daemon":
      return single("/usr/local/bin/geth", "geth");
    case "evm/beacon":
      return single("/usr/local/bin/lighthouse", "lighthouse");
    case "nitro/daemon":
      return single("/usr/local/bin/nitro", "nitro");
    case "avalanche/daemon":
      return single("/avalanchego/build/avalanchego", "avalanchego");
    case "gnosis/daemon":
      return single("/nethermind/nethermind", "nethermind");
    case "polygon/bor":
      return single("/usr/bin/bor", "bor");
    case "thorchain/daemon":
      return single("/scripts/fullnode.sh", "fullnode.sh");
    case "thorchain/midgard":
      return single("/midgard", "midgard");
    case "cometbft/daemon": {
      // A restart: the home holds a chain, so no genesis to fetch (CometBFT checks it) and no state sync to wait for.
      const node = fakeCosmosSdkNode(box, env.CHAIN_BINARY!, { withChain: true });
      const dir = COSMOS_SDK_BINARY_DIRS[env.CHAIN_BINARY!];
      return { fake: node.node, binaries: { [`${dir}/${env.CHAIN_BINARY}`]: node.wrapper, [`${dir}/${env.CHAIN_BINARY}-node`]: node.node.path } };
    }
    case "substrate":
      return {
        fake: fakeSubstrateNode(box),
        binaries: { [`/usr/bin/${env.NODE_BINARY}`]: join(box.binDir, "fakedot"), "/usr/local/bin/fakedot-node": join(box.binDir, "fakedot-node") },
      };
    default:
      throw new Error(`no image binary known for the ${family} scripts`);
  }
}

/** The family of a script the container mounts at `path`: its folder under coinstacks/, or the file where it has none of its own. */
function familyOf(pod: SynthesizedPod, container: SynthesizedContainer, path: string): string {
  const file = mountedScript(pod, container, path).slice(COINSTACKS.length + 1);
  return /^(.+)\/(init|startup|readiness|liveness)\.sh$/.exec(file)?.[1] ?? file;
}

const ONE_LINE_WITH_REASON = /^(not started|still starting|not ready|not alive): [^\n]*\S\n$/;

const probed = (pod: SynthesizedPod) => pod.containers.filter((c) => Object.keys(c.probes).length > 0);

/** The families of the scripts a pod runs, e.g. "blockbook utxo/daemon". */
function familiesOf(pod: SynthesizedPod): string {
  const families = pod.containers.flatMap((c) => [...(c.command[0] === "/init.sh" ? [familyOf(pod, c, "/init.sh")] : []), ...Object.values(c.probes).map((p) => familyOf(pod, c, p.command[0]!))]);
  return [...new Set(families)].sort().join(" ");
}

/**
 * One pod of each kind: the first StatefulSet of dev for each set of script families (bitcoin stands
 * for the UTXO coins, whose pods differ only in values; the polkadot validator for both substrate
 * nodes). Every pod would cost a second of CPU more for each, on a budget of 60 s for npm test.
 */
const PODS = (() => {
  const byKind = new Map<string, SynthesizedPod>();
  for (const pod of Object.values(synthShipped("dev").json).flatMap((stack) => synthesizedPods(stack))) {
    if (!byKind.has(familiesOf(pod))) byKind.set(familiesOf(pod), pod);
  }
  return [...byKind.values()];
})();

/** The ports a synced node of the pod answers on, each with the fake that answers there. */
function syncedNode(pod: SynthesizedPod): Map<number, () => Promise<FakeServer>> {
  const ports = new Map<number, () => Promise<FakeServer>>();
  for (const container of probed(pod)) {
    for (const probe of Object.values(container.probes)) {
      for (const [port, start] of SYNCED[familyOf(pod, container, probe.command[0]!)]!(containerEnvironment(pod, container))) ports.set(port, start);
    }
  }
  return ports;
}

/** What the cluster generates for each key of a coinstack's credentials Secret. */
function secretValue(key: string): string {
  const values: Record<string, string> = { "rpc-username": CREDENTIALS.user, "rpc-password": CREDENTIALS.pass, "jwt.hex": "5e".repeat(32), "timescale-password": CREDENTIALS.pass };
  if (values[key] === undefined) throw new Error(`no test value for the Secret key ${key}`);
  return values[key]!;
}

interface Running {
  readonly spec: SynthesizedPod;
  readonly pod: EmulatedPod;
  readonly box: Sandbox;
  /** Container name → the fake of the image binary its init execs. */
  readonly fakes: Map<string, FakeExecutable>;
}

async function start(spec: SynthesizedPod): Promise<Running> {
  const box = sandbox();
  // The fakes of the image's binaries run as the container's user and record into the sandbox.
  chmodSync(box.root, 0o777);
  mkdirSync(join(box.root, "out"));
  chmodSync(join(box.root, "out"), 0o777);
  const binaries: Record<string, Record<string, string>> = {};
  const fakes = new Map<string, FakeExecutable>();
  for (const container of spec.containers.filter((c) => c.command[0] === "/init.sh")) {
    const image = imageBinaries(box, familyOf(spec, container, "/init.sh"), containerEnvironment(spec, container));
    binaries[container.image] = { ...binaries[container.image], ...image.binaries };
    fakes.set(container.name, image.fake);
  }
  const hosts = spec.containers.flatMap((c) => (containerEnvironment(spec, c).RESERVED_PEERS ?? "").split(/\s+/).filter(Boolean));
  const pod = await startPod(spec, { secretValue, hosts, imageBinaries: binaries, instrumentation: [box.root, traceDirectory()] });
  return { spec, pod, box, fakes };
}

async function stop(pods: Running[]): Promise<void> {
  await Promise.all(pods.splice(0).map(async ({ pod, box }) => (await pod.close(), box.cleanup())));
}

/**
 * Each probe script once, in the first container that runs it (the blockbook probes of the EVM
 * indexer are the UTXO indexer's, with the same settings).
 */
function probeRuns(pods: readonly Running[]) {
  const seen = new Set<string>();
  return pods.flatMap(({ pod, spec }) =>
    probed(spec).flatMap((container) =>
      (Object.entries(container.probes) as [ProbeKind, { command: string[]; timeoutSeconds: number }][]).flatMap(([kind, probe]) => {
        const script = mountedScript(spec, container, probe.command[0]!);
        if (seen.has(script)) return [];
        seen.add(script);
        return [{ pod, name: `${spec.name} ${container.name} ${kind}`, container: container.name, probe }];
      }),
    ),
  );
}

interface ProbeOutcome {
  readonly probe: string;
  readonly code: number | null;
  readonly timedOut: boolean;
  readonly output: string;
}

/** Every probe script, run at once in its container of `pods`. */
function runProbes(pods: readonly Running[]): Promise<ProbeOutcome[]> {
  return Promise.all(
    probeRuns(pods).map(async ({ pod, name, container, probe }) => {
      const run = await pod.exec(container, probe.command, probe.timeoutSeconds);
      return { probe: name, code: run.code, timedOut: run.timedOut, output: run.output };
    }),
  );
}

const failsInTimeSayingWhy = (run: ProbeOutcome) => run.code === 1 && !run.timedOut && ONE_LINE_WITH_REASON.test(run.output);

const running: Running[] = [];
const servers: FakeServer[] = [];

/** Every probe, against a node that accepts connections and never answers on any of its ports. */
async function probeNeverAnsweringNodes(pods: readonly Running[]): Promise<ProbeOutcome[]> {
  const sockets: Socket[] = [];
  for (const { spec, pod } of pods) {
    for (const port of syncedNode(spec).keys()) (await pod.bind(port)).on("connection", (socket) => sockets.push(socket.on("error", () => undefined)));
  }
  try {
    return await runProbes(pods);
  } finally {
    sockets.forEach((socket) => socket.destroy());
    for (const { spec, pod } of pods) for (const port of syncedNode(spec).keys()) pod.release(port);
  }
}

/**
 * The pods start as the suite loads this spec, the last of its folder, and the never-answering
 * node's probes run at once: they wait out their timeouts (seconds of nothing) while the other specs
 * run. Its test only collects them; the synced node's tests wait for them to end.
 */
const started = Promise.all(PODS.map(start));
const neverAnswered = started.then(probeNeverAnsweringNodes);
// Collected by the tests; until then a failure must not count as unhandled.
neverAnswered.catch(() => undefined);

beforeAll(async () => {
  running.push(...(await started));
  await neverAnswered.catch(() => undefined);
});
// The suite's end, not this spec's: a run that filters out every test of this spec skips its
// afterAll, and the pods started as it loaded would outlive the test file.
afterSuite(async () => {
  await Promise.all([stop(await started.catch(() => [])), ...servers.splice(0).map((s) => s.close())]);
});

/** Serves a synced node on each pod's ports (until releaseAll). */
async function serveSyncedNodes(): Promise<void> {
  for (const { spec, pod } of running) {
    for (const [port, startServer] of syncedNode(spec)) {
      const server = await startServer();
      servers.push(server);
      server.answerOn(await pod.bind(port));
    }
  }
}

function releaseAll(): void {
  for (const { spec, pod } of running) for (const port of syncedNode(spec).keys()) pod.release(port);
}

it("finds every family's probes in the shipped dev StatefulSets", () => {
  const families = new Set(PODS.flatMap((pod) => probed(pod).flatMap((c) => Object.values(c.probes).map((p) => familyOf(pod, c, p.command[0]!)))));
  expect([...families].sort()).toEqual(["blockbook", "cometbft/daemon", "evm/beacon", "evm/daemon", "evm/daemon/block-liveness.sh", "opstack/op-node", "substrate", "thorchain/midgard", "utxo/daemon"]);
});

const INITS = PODS.flatMap((spec) => spec.containers.filter((c) => c.command[0] === "/init.sh").map((c) => [`${spec.name} ${c.name}`, spec, c] as const));

describe("on a synced node", () => {
  beforeAll(serveSyncedNodes);
  afterAll(releaseAll);

  it.each(INITS)("%s: init.sh execs the image's binary as the container's user, writing only to its volumes", async (_name, spec, container) => {
    const { pod, fakes } = running.find((r) => r.spec === spec)!;
    const run = await pod.exec(container.name, container.command, 15);
    expect({ code: run.code, timedOut: run.timedOut, output: run.output }).toEqual({ code: 0, timedOut: false, output: run.code === 0 ? run.output : "(what a started daemon prints)" });
    const fake = fakes.get(container.name)!;
    expect(Number(fake.out("pid"))).toBe(run.pid);
    expect(fake.out("user")).toBe(`${container.user}:${container.group}\n`);
  });

  it("every probe passes, within its timeoutSeconds", async () => {
    expect((await runProbes(running)).filter((run) => run.code !== 0 || run.timedOut)).toEqual([]);
  });
});

it("every probe fails within its timeoutSeconds, in one line saying why, when the node accepts and never answers", async () => {
  expect((await neverAnswered).filter((run) => !failsInTimeSayingWhy(run))).toEqual([]);
});
