/**
 * Runs the coinstacks' lifecycle scripts under their #! interpreter (/bin/sh; /bin/bash
 * for the beacon node's own probes) against fake JSON-RPC and
 * HTTP servers on 127.0.0.1 (random ports), in a throwaway data/secrets/runtime
 * sandbox. Nothing leaves the machine. Every run is traced (./tool-trace.ts): a script that
 * calls a command its image does not declare fails the test that ran it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Server as NetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TRACE_VARIABLE, traceRun, type TracedRun, undeclaredCalls } from "./tool-trace";

export const REPO = join(__dirname, "..", "..");
export const COINSTACKS = join(REPO, "coinstacks");
/** The repository copy of /probe-lib.sh, handed to the scripts through PROBE_LIB. */
export const PROBE_LIB = join(COINSTACKS, "lib", "probe-lib.sh");
/** The repository copy of /tip-lib.sh, handed to the libraries that source it through TIP_LIB. */
export const TIP_LIB = join(COINSTACKS, "lib", "tip-lib.sh");
/** The repository copy of /cometbft-lib.sh, handed to the CometBFT scripts through COMETBFT_LIB. */
export const COMETBFT_LIB = join(COINSTACKS, "cometbft", "cometbft-lib.sh");
/** The repository copy of /midgard-lib.sh, handed to Midgard's probes through MIDGARD_LIB. */
export const MIDGARD_LIB = join(COINSTACKS, "thorchain", "midgard", "midgard-lib.sh");
/** The repository copy of /evm-lib.sh, handed to the EVM scripts through EVM_LIB. */
export const EVM_LIB = join(COINSTACKS, "evm", "evm-lib.sh");
/** The repository copy of /beacon-lib.sh, handed to the beacon node's bash probes through BEACON_LIB. */
export const BEACON_LIB = join(COINSTACKS, "evm", "beacon-lib.sh");

export function scriptPath(relative: string): string {
  return join(COINSTACKS, relative);
}

/** RPC credentials with characters that need quoting in curl's config and in JSON. */
export const CREDENTIALS = { user: "probe-user", pass: 'p4ss"w\\rd:with odd chars' } as const;

export interface Sandbox {
  readonly root: string;
  readonly dataDir: string;
  readonly secretsDir: string;
  readonly runtimeDir: string;
  readonly binDir: string;
  /** Environment every script gets: PATH, PROBE_LIB, TIP_LIB, COMETBFT_LIB, MIDGARD_LIB, EVM_LIB, BEACON_LIB, DATA_DIR, SECRETS_DIR, RUNTIME_DIR, a short RPC_TIMEOUT. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Writes $DATA_DIR/<name>. */
  writeData(name: string, content: string): void;
  readData(name: string): string | undefined;
  cleanup(): void;
}

export function sandbox(credentials: { user: string; pass: string } = CREDENTIALS): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "coinstacks-scripts-"));
  const dataDir = join(root, "data");
  const secretsDir = join(root, "secrets");
  const runtimeDir = join(root, "run");
  const binDir = join(root, "bin");
  for (const dir of [dataDir, secretsDir, runtimeDir, binDir]) mkdirSync(dir);
  // As the kubelet mounts a Secret: one file per key, the value without a trailing newline.
  writeFileSync(join(secretsDir, "rpc-username"), credentials.user);
  writeFileSync(join(secretsDir, "rpc-password"), credentials.pass);
  return {
    root,
    dataDir,
    secretsDir,
    runtimeDir,
    binDir,
    env: (extra = {}) => ({
      PATH: `${binDir}:/usr/local/bin:/usr/bin:/bin`,
      PROBE_LIB,
      TIP_LIB,
      COMETBFT_LIB,
      MIDGARD_LIB,
      EVM_LIB,
      BEACON_LIB,
      DATA_DIR: dataDir,
      SECRETS_DIR: secretsDir,
      RUNTIME_DIR: runtimeDir,
      RPC_TIMEOUT: "2",
      ...extra,
    }),
    writeData: (name, content) => writeFileSync(join(dataDir, name), content),
    readData: (name) => (existsSync(join(dataDir, name)) ? readFileSync(join(dataDir, name), "utf8") : undefined),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A fresh sandbox per test, and the fake servers a test started; both cleaned up after each test. */
export interface SandboxPerTest {
  box: Sandbox;
  readonly servers: FakeServer[];
}

/** Registers the per-test sandbox lifecycle; call once at the top of a script test file. */
export function sandboxPerTest(): SandboxPerTest {
  const state: SandboxPerTest = { box: undefined as unknown as Sandbox, servers: [] };
  beforeEach(() => {
    state.box = sandbox();
  });
  afterEach(async () => {
    await endUnfinishedScripts();
    state.box.cleanup();
    await Promise.all(state.servers.splice(0).map((server) => server.close()));
  });
  return state;
}

/** Runs started by startScript whose output has not closed yet, with their process groups. */
const groups = new Map<Promise<RunResult>, number>();

/**
 * Ends what a test left running (a script it stopped waiting for, a child that outlived its shell and
 * holds the output open): each such run's whole process group is killed, and its output waited for,
 * so no process outlives its test and keeps the test worker from exiting.
 */
export async function endUnfinishedScripts(): Promise<void> {
  for (const [run, group] of groups) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // The group is gone already; its output closes by itself.
    }
    await run.catch(() => undefined);
  }
}

/**
 * The kill switch every probe shares: with `$DATA_DIR/disable_<probe>` present the probe passes and
 * says so, although its node does not answer. `runAgainstDownNode` runs the probe against a closed port.
 */
export function itPassesWhenKillSwitched(t: SandboxPerTest, probe: "startup" | "readiness" | "liveness", runAgainstDownNode: () => Promise<RunResult>): void {
  it(`passes without asking the node when $DATA_DIR/disable_${probe} exists`, async () => {
    t.box.writeData(`disable_${probe}`, "");
    const result = await runAgainstDownNode();
    expect(result.code).toBe(0);
    expect(result.output).toContain(`${probe} probe disabled`);
  });
}

/**
 * The peer minimum every node's readiness shares: not ready below MIN_PEERS (default 1), saying how
 * many peers it has. `runWithPeers` runs the readiness probe against an otherwise ready node.
 */
export function itRequiresMinPeers(runWithPeers: (peers: number, env?: Record<string, string>) => Promise<RunResult>): void {
  it("is not ready without peers (MIN_PEERS defaults to 1)", async () => {
    const result = await runWithPeers(0);
    expect(result.code).toBe(1);
    expect(result.output).toContain("not ready: 0 peers (need at least 1)");
  });
  it("is ready with one peer", async () => {
    expect((await runWithPeers(1)).code).toBe(0);
  });
  it("takes the minimum from MIN_PEERS", async () => {
    expect((await runWithPeers(3, { MIN_PEERS: "3" })).code).toBe(0);
    expect((await runWithPeers(2, { MIN_PEERS: "3" })).code).toBe(1);
  });
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly output: string;
  readonly pid: number;
  /** Its `#!` interpreter, then each command it called that the image it emulates does not declare (./tool-trace.ts). */
  readonly calls: readonly string[];
}

export interface Running {
  readonly child: ChildProcess;
  readonly done: Promise<RunResult>;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
}

/** The interpreter named on the script's #! line, as the kubelet's exec would run it. */
function interpreter(path: string): string {
  const shebang = /^#!(\S+)/.exec(readFileSync(path, "utf8"));
  if (!shebang) throw new Error(`${path} has no #! line`);
  return shebang[1]!;
}

/**
 * Follows a traced run of `script` in `child` until it ends: its output, stdout and stderr apart
 * and interleaved, and its result, an error when it called a command the image it emulates does not
 * declare.
 */
export function followTraced(script: string, child: ChildProcess, trace: TracedRun): { output(): string; done: Promise<RunResult> } {
  let stdout = "";
  let stderr = "";
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  const done = new Promise<RunResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const calls = trace.calls();
      const undeclared = undeclaredCalls(script, calls, trace.image);
      if (undeclared.length > 0) reject(new Error(`${undeclared.join("\n")}\n(output of the run:\n${output})`));
      else resolve({ code, signal, stdout, stderr, output, pid: child.pid!, calls });
    });
  });
  return { output: () => output, done };
}

/**
 * Starts `<interpreter> <script> [args]` with exactly `env` (nothing inherited) but for the tool trace
 * (args: as a container's `args` reach its command). Its result is an error when the script called a
 * command the image it runs in does not declare.
 */
export function startScript(path: string, env: Record<string, string>, timeoutMs = 20_000, args: readonly string[] = []): Running {
  const shell = interpreter(path);
  const trace = traceRun(path, shell, env);
  // Its own process group, so what it started (a sleep, a fake daemon) ends with it after the test.
  const child = spawn(shell, [path, ...args], { env: trace.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const run = followTraced(path, child, trace);
  groups.set(run.done, child.pid!);
  void run.done.catch(() => undefined).finally(() => groups.delete(run.done));
  const done = new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${path} did not finish within ${timeoutMs} ms; output so far:\n${run.output()}`));
    }, timeoutMs);
    run.done.then(resolve, reject).finally(() => clearTimeout(timer));
  });
  return { child, done, output: run.output };
}

export function runScript(path: string, env: Record<string, string>, timeoutMs?: number, args?: readonly string[]): Promise<RunResult> {
  return startScript(path, env, timeoutMs, args).done;
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// ---------------------------------------------------------------------------------------------
// Fake servers

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Decoded Basic credentials, when sent. */
  readonly auth?: { user: string; pass: string };
  readonly body: string;
  /** JSON-RPC method, for RPC servers. */
  readonly rpcMethod?: string;
}

export interface FakeServer {
  readonly port: number;
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Also answers the connections of `listener` (a port bound in an emulated pod, ./pod.ts). */
  answerOn(listener: NetServer): void;
  close(): Promise<void>;
}

/** What an RPC method answers: a result, a JSON-RPC error, or a raw HTTP reply. */
export type RpcReply =
  | { result: unknown }
  | { error: { code: number; message: string } }
  | { status: number; body: string }
  | { delayMs: number; then: RpcReply };

export type RpcHandler = RpcReply | ((call: number) => RpcReply);

function basicAuth(req: IncomingMessage): { user: string; pass: string } | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith("Basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

async function listen(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void, requests: RecordedRequest[], rpc: boolean): Promise<FakeServer> {
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      let rpcMethod: string | undefined;
      if (rpc) {
        try {
          rpcMethod = (JSON.parse(body) as { method?: string }).method;
        } catch {
          rpcMethod = undefined;
        }
      }
      requests.push({ method: req.method ?? "", path: req.url ?? "", auth: basicAuth(req), body, rpcMethod });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const listeners: NetServer[] = [];
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    answerOn: (listener) => {
      listeners.push(listener);
      listener.on("connection", (socket) => server.emit("connection", socket));
    },
    close: () =>
      new Promise<void>((resolve) => {
        listeners.forEach((listener) => listener.close());
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Writes an RpcReply (after its delay; a raw HTTP reply as is), a result or error shaped by `encode`. */
function sendReply(
  res: ServerResponse,
  answer: RpcReply,
  encode: (member: { result: unknown } | { error: { code: number; message: string } }) => { status: number; body: unknown },
): void {
  if ("delayMs" in answer) {
    // A reply nobody waits for any more (the probe gave up, the server closed) must not keep the test worker alive.
    setTimeout(() => sendReply(res, answer.then, encode), answer.delayMs).unref();
    return;
  }
  if ("status" in answer) {
    res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
    return;
  }
  const { status, body } = encode(answer);
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/**
 * A bitcoind-like JSON-RPC 1.0 server: HTTP 401 with an empty body for wrong or
 * missing Basic credentials, 200 with {result, error: null, id} on success, 500
 * with the error in the body for JSON-RPC errors (as bitcoind does for 1.0).
 */
export function fakeRpc(
  methods: Record<string, RpcHandler>,
  credentials: { user: string; pass: string } | null = CREDENTIALS,
  errorStatus = 500,
): Promise<FakeServer> {
  const calls = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const reply = (res: ServerResponse, id: unknown, answer: RpcReply): void =>
    sendReply(res, answer, (member) =>
      "error" in member ? { status: errorStatus, body: { result: null, error: member.error, id } } : { status: 200, body: { result: member.result, error: null, id } },
    );
  return listen(
    (req, body, res) => {
      const auth = basicAuth(req);
      if (credentials && (!auth || auth.user !== credentials.user || auth.pass !== credentials.pass)) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="jsonrpc"' }).end();
        return;
      }
      let request: { method?: string; id?: unknown };
      try {
        request = JSON.parse(body) as { method?: string; id?: unknown };
      } catch {
        res.writeHead(500).end(JSON.stringify({ result: null, error: { code: -32700, message: "Parse error" }, id: null }));
        return;
      }
      const method = request.method ?? "";
      const handler = methods[method];
      if (!handler) {
        res.writeHead(404).end(JSON.stringify({ result: null, error: { code: -32601, message: "Method not found" }, id: request.id }));
        return;
      }
      const call = (calls.get(method) ?? 0) + 1;
      calls.set(method, call);
      reply(res, request.id, typeof handler === "function" ? handler(call) : handler);
    },
    requests,
    true,
  );
}

/**
 * A geth-like JSON-RPC 2.0 server: no credentials, HTTP 200 for results and
 * errors alike, one-line JSON answers.
 */
export function fakeEthRpc(methods: Record<string, RpcHandler>): Promise<FakeServer> {
  return fakeRpc(methods, null, 200);
}

/**
 * A substrate-like JSON-RPC 2.0 server without credentials: 200 with {jsonrpc, result, id}, and
 * 200 with {jsonrpc, error, id} (no result member) for errors, as jsonrpsee answers. It rejects a
 * request that is not JSON-RPC 2.0 with -32600, as a polkadot node does.
 */
export function fakeJsonRpc2(methods: Record<string, RpcHandler>): Promise<FakeServer> {
  const calls = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const send = (res: ServerResponse, id: unknown, answer: RpcReply): void =>
    sendReply(res, answer, (member) => ({ status: 200, body: { jsonrpc: "2.0", ...member, id } }));
  return listen(
    (_req, body, res) => {
      let request: { jsonrpc?: string; method?: string; id?: unknown };
      try {
        request = JSON.parse(body) as { jsonrpc?: string; method?: string; id?: unknown };
      } catch {
        send(res, null, { error: { code: -32700, message: "Parse error" } });
        return;
      }
      if (request.jsonrpc !== "2.0") {
        send(res, request.id ?? null, { error: { code: -32600, message: "Invalid request" } });
        return;
      }
      const method = request.method ?? "";
      const handler = methods[method];
      if (!handler) {
        send(res, request.id, { error: { code: -32601, message: "Method not found" } });
        return;
      }
      const call = (calls.get(method) ?? 0) + 1;
      calls.set(method, call);
      send(res, request.id, typeof handler === "function" ? handler(call) : handler);
    },
    requests,
    true,
  );
}

export interface HttpReply {
  readonly status?: number;
  readonly json?: unknown;
  /** The body as sent: text, or bytes (a gzipped file). */
  readonly body?: string | Buffer;
}

/** A plain HTTP server answering GET by path. */
export function fakeHttp(routes: Record<string, HttpReply | ((call: number) => HttpReply)>): Promise<FakeServer> {
  const calls = new Map<string, number>();
  return listen(
    (req, _body, res) => {
      const route = routes[req.url ?? ""];
      if (!route) {
        res.writeHead(404).end("not found");
        return;
      }
      const call = (calls.get(req.url ?? "") ?? 0) + 1;
      calls.set(req.url ?? "", call);
      const answer = typeof route === "function" ? route(call) : route;
      const body = answer.body ?? JSON.stringify(answer.json);
      res.writeHead(answer.status ?? 200, { "content-type": "application/json" }).end(body);
    },
    [],
    false,
  );
}

/** The port of a fake HTTP server with these routes, closed after the test, or of nothing ("down"). */
export async function httpPort(state: SandboxPerTest, routes: Parameters<typeof fakeHttp>[0] | "down"): Promise<number> {
  if (routes === "down") return closedPort();
  const server = await fakeHttp(routes);
  state.servers.push(server);
  return server.port;
}

/** A port on 127.0.0.1 where nothing listens (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------------------------
// Fake executables and process inspection

export interface FakeExecutable {
  readonly path: string;
  out(what: "pid" | "argv" | "env" | "user" | "stopped" | "ready"): string | undefined;
}

/**
 * Writes an executable shell script into the sandbox's bin directory (on PATH). It records
 * its PID ($$), argv (one per line), environment and `uid:gid` into `<name>.pid|argv|env|user` in `outDir`.
 * With `waitForTerm`, it then idles until SIGTERM and records `<name>.stopped`.
 */
export function fakeExecutable(box: Sandbox, name: string, options: { waitForTerm?: boolean } = {}): FakeExecutable {
  const path = join(box.binDir, name);
  const out = join(box.root, "out");
  mkdirSync(out, { recursive: true });
  const lines = [
    "#!/bin/sh",
    // It stands for the image's own binary: what it runs is no call of the script's.
    `unset ${TRACE_VARIABLE}`,
    `out='${out}'`,
    `for arg in "$@"; do printf '%s\\n' "$arg"; done >"$out/${name}.argv"`,
    `env >"$out/${name}.env"`,
    `printf '%s\\n' "$$" >"$out/${name}.pid"`,
    // uid:gid from the kernel's view of this process, without starting one.
    `while read -r key real _; do case "$key" in Uid:) uid="$real" ;; Gid:) gid="$real" ;; esac; done </proc/$$/status; printf '%s:%s\\n' "$uid" "$gid" >"$out/${name}.user"`,
  ];
  if (options.waitForTerm) {
    lines.push(
      `trap 'echo clean >"$out/${name}.stopped"; exit 0' TERM`,
      `echo up >"$out/${name}.ready"`,
      "while :; do sleep 1 & wait $!; done",
    );
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
  chmodSync(path, 0o755);
  return {
    path,
    out: (what) => {
      const file = join(out, `${name}.${what}`);
      return existsSync(file) ? readFileSync(file, "utf8") : undefined;
    },
  };
}

/** Command lines and environments of every process we can read, for "no credential in argv/env" checks. */
export function processTexts(): { pid: string; cmdline: string; environ: string }[] {
  const found: { pid: string; cmdline: string; environ: string }[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      let environ = "";
      try {
        environ = readFileSync(`/proc/${pid}/environ`, "utf8").replace(/\0/g, "\n");
      } catch {
        environ = "";
      }
      found.push({ pid, cmdline, environ });
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}
