/**
 * For the scripts of the coin's Jobs that call the Kubernetes API (lib/coinstack/api-job): a fake API
 * server on 127.0.0.1 that checks the service account's token and answers with the API server's
 * Status objects, and a run of a script with only the monitor image's commands on its PATH.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IMAGE_TOOLS } from "../../coinstacks/image-tools";
import { MONITOR_IMAGE } from "../../lib/coinstack/monitor-image";
import { REPO } from "./scripts";

export const API_LIB = join(REPO, "lib", "coinstack", "api-job", "api-lib.sh");
export const TOKEN = "service-account-token-of-the-job";

export const utc = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly contentType?: string;
  readonly authorization?: string;
}

export type Reply = (status: number, json: unknown) => void;
export type Refuse = (code: number, reason: string, message: string) => void;

/** A fake API server: records every request, refuses a wrong token, and hands the rest to `route`. */
export abstract class FakeApiServer {
  readonly requests: ApiRequest[] = [];
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => this.answer(req, body, res));
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  deletes(): string[] {
    return this.requests.filter((r) => r.method === "DELETE").map((r) => r.path);
  }

  protected abstract route(request: ApiRequest, reply: Reply, refuse: Refuse): void;

  private answer(req: IncomingMessage, body: string, res: ServerResponse): void {
    const request = { method: req.method ?? "", path: req.url ?? "", body, contentType: req.headers["content-type"], authorization: req.headers.authorization };
    this.requests.push(request);
    const reply: Reply = (status, json) => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    const refuse: Refuse = (code, reason, message) => reply(code, { kind: "Status", apiVersion: "v1", status: "Failure", reason, message, code });
    if (request.authorization !== `Bearer ${TOKEN}`) return refuse(401, "Unauthorized", "Unauthorized");
    this.route(request, reply, refuse);
  }
}

/** A PATH holding only what the monitor image declares (coinstacks/image-tools.ts), besides the shell that runs the script. */
function imagePath(dir: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  for (const command of IMAGE_TOOLS[MONITOR_IMAGE]!.commands.filter((c) => !c.startsWith("/"))) {
    symlinkSync(execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim(), join(bin, command));
  }
  return bin;
}

/** A scratch directory per test holding the Job's token and CA, as the projected volume does. */
export function apiJobWorkDir(prefix: string): () => string {
  let work = "";
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), prefix));
    writeFileSync(join(work, "token"), TOKEN);
    writeFileSync(join(work, "ca.crt"), "");
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));
  return () => work;
}

/** Runs `script` against the API at `api` as the Job's pod would, polling fast. */
export async function runApiScript(script: string, api: string, work: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn("/bin/sh", [script], {
    env: { PATH: imagePath(work), API_LIB, KUBERNETES_API: api, SERVICE_ACCOUNT_DIR: work, WORK_DIR: work, POLL_SECONDS: "0.2", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, output };
}

/** shellcheck's findings for a Job script and the library it sources, as POSIX sh ("" when clean). */
export function shellcheckApiScript(script: string): string {
  const result = spawnSync("shellcheck", ["--shell=sh", "--severity=style", "--format=gcc", "--external-sources", script, API_LIB], { encoding: "utf8" });
  if (result.error) throw new Error("install shellcheck (apt-get install shellcheck)");
  return `${result.stdout}${result.stderr}`;
}
