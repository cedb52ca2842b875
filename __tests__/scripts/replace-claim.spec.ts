/**
 * lib/coinstack/volume-operations/replace-claim.sh, the Job that replaces one ordinal's claim
 * (restore, resync), against a fake Kubernetes API server on 127.0.0.1 that answers the core/v1
 * claim and pod endpoints as the API server does (Status objects, uid preconditions, 409 on a
 * stale uid) and plays the controllers: a deleted claim stays until its pod is gone
 * (pvc-protection), then the StatefulSet controller creates it again and it binds to the volume
 * reserved for it (a pre-bound PersistentVolume) or to a new one. The script runs with only the
 * monitor image's commands on its PATH.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IMAGE_TOOLS } from "../../coinstacks/image-tools";
import { MONITOR_IMAGE } from "../../lib/coinstack/monitor-image";
import { REPO } from "../helpers/scripts";

jest.setTimeout(30_000);

const SCRIPT = join(REPO, "lib", "coinstack", "volume-operations", "replace-claim.sh");
const TOKEN = "service-account-token-of-the-job";
const NAMESPACE = "coin-bitcoin";
const CLAIM = "data-daemon-bitcoin-sts-0";
const POD = "bitcoin-sts-0";
const SNAPSHOT_VOLUME = "data-daemon-bitcoin-sts-0-snap-0fedcba9876543210";
const CLAIM_PATH = `/api/v1/namespaces/${NAMESPACE}/persistentvolumeclaims/${CLAIM}`;
const POD_PATH = `/api/v1/namespaces/${NAMESPACE}/pods/${POD}`;

const utc = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

interface Claim {
  uid: string;
  created: string;
  volume?: string;
  terminating: boolean;
}

interface ClusterOptions {
  /** The claim as it is when the Job starts; none: it does not exist. */
  readonly claim?: Omit<Claim, "terminating">;
  /** A PersistentVolume reserved for the claim by name (the restore's). */
  readonly reservedVolume?: string;
  /** The new claim never binds (no node in the volume's zone, say). */
  readonly neverBinds?: boolean;
  /** Every call is refused with this status (RBAC, say). */
  readonly refuseWith?: number;
  /** The claim's uid changes between the script's read and its delete. */
  readonly replacedMeanwhile?: boolean;
}

/** A fake API server holding one claim and its pod, and playing the controllers that act on them. */
class FakeCluster {
  readonly requests: { method: string; path: string; body: string; authorization?: string }[] = [];
  claim?: Claim;
  private podRunning = true;
  private uids = 0;
  private readonly server: Server;

  constructor(private readonly options: ClusterOptions) {
    this.claim = options.claim ? { ...options.claim, terminating: false } : undefined;
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

  private answer(req: IncomingMessage, body: string, res: ServerResponse): void {
    const request = { method: req.method ?? "", path: req.url ?? "", body, authorization: req.headers.authorization };
    this.requests.push(request);
    const reply = (status: number, json: unknown): void => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    const status = (code: number, reason: string, message: string): void => reply(code, { kind: "Status", apiVersion: "v1", status: "Failure", reason, message, code });
    if (request.authorization !== `Bearer ${TOKEN}`) return status(401, "Unauthorized", "Unauthorized");
    if (this.options.refuseWith) return status(this.options.refuseWith, "Forbidden", `persistentvolumeclaims "${CLAIM}" is forbidden`);
    if (request.path === CLAIM_PATH && request.method === "GET") {
      return this.claim ? reply(200, this.claimObject()) : status(404, "NotFound", `persistentvolumeclaims "${CLAIM}" not found`);
    }
    if (request.path === CLAIM_PATH && request.method === "DELETE") return this.deleteClaim(JSON.parse(body || "{}"), reply, status);
    if (request.path === POD_PATH && request.method === "DELETE") {
      if (!this.podRunning) return status(404, "NotFound", `pods "${POD}" not found`);
      this.podRunning = false;
      // The kubelet stops it, pvc-protection lets the claim go, the StatefulSet controller makes a new one.
      setTimeout(() => this.podStopped(), 300);
      return reply(200, { kind: "Pod", metadata: { name: POD, namespace: NAMESPACE } });
    }
    return status(404, "NotFound", "the server could not find the requested resource");
  }

  private deleteClaim(options: { preconditions?: { uid?: string } }, reply: (s: number, j: unknown) => void, status: (c: number, r: string, m: string) => void): void {
    if (!this.claim) return status(404, "NotFound", `persistentvolumeclaims "${CLAIM}" not found`);
    if (this.options.replacedMeanwhile) this.claim.uid = "uid-of-another-claim";
    if (options.preconditions?.uid !== undefined && options.preconditions.uid !== this.claim.uid) {
      return status(409, "Conflict", `Precondition failed: UID in precondition: ${options.preconditions.uid}, UID in object meta: ${this.claim.uid}`);
    }
    this.claim.terminating = true;
    reply(200, this.claimObject());
  }

  private podStopped(): void {
    if (this.claim?.terminating) this.claim = undefined;
    setTimeout(() => {
      this.claim = { uid: `uid-new-${++this.uids}`, created: utc(Date.now()), terminating: false };
      if (!this.options.neverBinds) setTimeout(() => this.claim && (this.claim.volume = this.options.reservedVolume ?? "pvc-new-empty-volume"), 200);
    }, 200);
  }

  private claimObject() {
    const claim = this.claim!;
    return {
      kind: "PersistentVolumeClaim",
      apiVersion: "v1",
      metadata: { name: CLAIM, namespace: NAMESPACE, uid: claim.uid, creationTimestamp: claim.created, ...(claim.terminating ? { deletionTimestamp: utc(Date.now()) } : {}) },
      spec: { accessModes: ["ReadWriteOnce"], storageClassName: "gp3", ...(claim.volume ? { volumeName: claim.volume } : {}) },
      status: { phase: claim.volume ? "Bound" : "Pending" },
    };
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

let work: string;
let cluster: FakeCluster | undefined;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "replace-claim-"));
  writeFileSync(join(work, "token"), TOKEN);
  writeFileSync(join(work, "ca.crt"), "");
});
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
  rmSync(work, { recursive: true, force: true });
});

const MINUTE = 60_000;
const OLD_CLAIM = { uid: "uid-old", created: utc(Date.now() - 30 * 24 * 60 * MINUTE), volume: "pvc-0a1b2c3d" } as const;

async function run(options: ClusterOptions, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  cluster = new FakeCluster(options);
  const api = await cluster.listen();
  const child = spawn("/bin/sh", [SCRIPT], {
    env: {
      PATH: imagePath(work),
      NAMESPACE,
      CLAIM,
      POD,
      REQUESTED_AT: utc(Date.now() - MINUTE),
      REASON: "chainstate corrupted after a disk full event",
      KUBERNETES_API: api,
      SERVICE_ACCOUNT_DIR: work,
      WORK_DIR: work,
      POLL_SECONDS: "0.2",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, output };
}

describe("restore", () => {
  it("deletes the claim by its uid, then its pod, and ends when the new claim is bound to the snapshot's volume", async () => {
    const result = await run({ claim: OLD_CLAIM, reservedVolume: SNAPSHOT_VOLUME }, { SNAPSHOT_VOLUME });
    expect(result).toMatchObject({ code: 0 });
    expect(cluster!.deletes()).toEqual([CLAIM_PATH, POD_PATH]);
    const claimDelete = cluster!.requests.find((r) => r.method === "DELETE" && r.path === CLAIM_PATH)!;
    expect(JSON.parse(claimDelete.body)).toEqual({ apiVersion: "v1", kind: "DeleteOptions", preconditions: { uid: "uid-old" } });
    expect(result.output).toContain(`claim ${CLAIM} is on volume ${SNAPSHOT_VOLUME} now; the old volume pvc-0a1b2c3d is Released and kept`);
  });

  it("does nothing when the claim is on the snapshot's volume already (the Job run again)", async () => {
    const result = await run({ claim: { ...OLD_CLAIM, volume: SNAPSHOT_VOLUME } }, { SNAPSHOT_VOLUME });
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toContain(`claim ${CLAIM} is on ${SNAPSHOT_VOLUME} already: nothing to do`);
    expect(cluster!.deletes()).toEqual([]);
  });

  it("fails, naming both volumes, when the new claim binds to another volume than the snapshot's", async () => {
    const result = await run({ claim: OLD_CLAIM }, { SNAPSHOT_VOLUME });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`error: claim ${CLAIM} bound to pvc-new-empty-volume, not to ${SNAPSHOT_VOLUME}`);
  });
});

describe("resync", () => {
  it("replaces the claim by a new empty one and names the kept old volume", async () => {
    const result = await run({ claim: OLD_CLAIM });
    expect(result).toMatchObject({ code: 0 });
    expect(cluster!.deletes()).toEqual([CLAIM_PATH, POD_PATH]);
    expect(result.output).toContain("is on volume pvc-new-empty-volume now; the old volume pvc-0a1b2c3d is Released and kept (kubectl get pv pvc-0a1b2c3d)");
  });

  it("does nothing when the claim is newer than the request (the Job run again after it replaced it)", async () => {
    const result = await run({ claim: { ...OLD_CLAIM, created: utc(Date.now()) } });
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toContain("it is the replacement; nothing to do");
    expect(cluster!.deletes()).toEqual([]);
  });
});

describe("refusals", () => {
  it("deletes nothing when the claim does not exist", async () => {
    const result = await run({});
    expect(result.code).toBe(1);
    expect(result.output).toContain(`error: claim ${CLAIM} does not exist: nothing to replace`);
    expect(cluster!.deletes()).toEqual([]);
  });

  it("leaves the pod alone when the claim changed between its read and its delete (409)", async () => {
    const result = await run({ claim: OLD_CLAIM, replacedMeanwhile: true });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`error: claim ${CLAIM} changed since it was read (uid uid-old)`);
    expect(cluster!.deletes()).toEqual([CLAIM_PATH]);
  });

  it("stops at the first refusal of the API server, saying what it answered", async () => {
    const result = await run({ claim: OLD_CLAIM, refuseWith: 403 });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/error: reading claim data-daemon-bitcoin-sts-0: HTTP 403 .*is forbidden/);
    expect(cluster!.deletes()).toEqual([]);
  });

  it("gives up after WAIT_SECONDS when the new claim does not bind, pointing at the claim", async () => {
    const result = await run({ claim: OLD_CLAIM, neverBinds: true }, { WAIT_SECONDS: "2" });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`error: claim ${CLAIM} is not bound again after 2 s (last HTTP 200, phase Pending); see kubectl -n ${NAMESPACE} describe pvc ${CLAIM}`);
  });
});

it("sends the service account's token in a header on every call, and prints it nowhere", async () => {
  const result = await run({ claim: OLD_CLAIM });
  expect(cluster!.requests.length).toBeGreaterThan(3);
  expect(cluster!.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  expect(result.output).not.toContain(TOKEN);
});

it("passes shellcheck as POSIX sh", () => {
  const result = spawnSync("shellcheck", ["--shell=sh", "--severity=style", "--format=gcc", SCRIPT], { encoding: "utf8" });
  if (result.error) throw new Error("install shellcheck (apt-get install shellcheck)");
  expect(`${result.stdout}${result.stderr}`).toBe("");
});
