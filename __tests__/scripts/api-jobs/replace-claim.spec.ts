/**
 * lib/coinstack/volume-operations/replace-claim.sh, the Job that replaces one ordinal's claim
 * (restore, resync), against a fake Kubernetes API server on 127.0.0.1 that answers the core/v1
 * claim and pod endpoints as the API server does (Status objects, uid preconditions, 409 on a
 * stale uid) and plays the controllers: a deleted claim stays until its pod is gone
 * (pvc-protection), then the StatefulSet controller creates it again and it binds to the volume
 * reserved for it (a pre-bound PersistentVolume) or to a new one. From a VolumeSnapshot it also
 * answers the snapshot.storage.k8s.io/v1 VolumeSnapshot endpoint, dry runs, and claim creation, and
 * plays the ValidatingAdmissionPolicy that refuses the controller's empty claim. The script runs with
 * only the monitor image's commands on its PATH.
 */
import { join } from "node:path";
import { apiJobWorkDir, FakeApiServer, type ApiRequest, type Refuse, type Reply, runApiScript, shellcheckApiScript, TOKEN, utc } from "../../helpers/api-job";
import { REPO } from "../../helpers/scripts";

jest.setTimeout(30_000);

const SCRIPT = join(REPO, "lib", "coinstack", "volume-operations", "replace-claim.sh");
const NAMESPACE = "coin-bitcoin";
const CLAIM = "data-daemon-bitcoin-sts-0";
const POD = "bitcoin-sts-0";
const SNAPSHOT_VOLUME = "data-daemon-bitcoin-sts-0-snap-0fedcba9876543210";
const CLAIM_PATH = `/api/v1/namespaces/${NAMESPACE}/persistentvolumeclaims/${CLAIM}`;
const POD_PATH = `/api/v1/namespaces/${NAMESPACE}/pods/${POD}`;

interface Claim {
  uid: string;
  created: string;
  volume?: string;
  /** The VolumeSnapshot of its dataSourceRef. */
  from?: string;
  terminating: boolean;
}

const VOLUME_SNAPSHOT = "data-daemon-bitcoin-sts-1-before-upgrade";
const POLICY = "coinstacks-claim-source-coin-bitcoin-data-daemon-bitcoin-sts-0";
const CLAIMS_PATH = `/api/v1/namespaces/${NAMESPACE}/persistentvolumeclaims`;
const SNAPSHOT_PATH = `/apis/snapshot.storage.k8s.io/v1/namespaces/${NAMESPACE}/volumesnapshots/${VOLUME_SNAPSHOT}`;
/** The claim the construct hands the Job (lib/coinstack/volume-operations/claim-replacement.ts). */
const CLAIM_MANIFEST = {
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name: CLAIM, namespace: NAMESPACE, labels: { "app.kubernetes.io/name": "bitcoin" }, annotations: {} },
  spec: {
    accessModes: ["ReadWriteOnce"],
    storageClassName: "gp3",
    resources: { requests: { storage: "700Gi" } },
    dataSourceRef: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: VOLUME_SNAPSHOT },
  },
};
const FROM_VOLUME_SNAPSHOT = { VOLUME_SNAPSHOT, CLAIM_POLICY: POLICY, CLAIM_MANIFEST: JSON.stringify(CLAIM_MANIFEST) };

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
  /** The ordinal's pod exists. @default true */
  readonly podRunning?: boolean;
  /** The VolumeSnapshot: ready after this many reads, of this size, or failed; none: it does not exist. */
  readonly volumeSnapshot?: { readonly readyAfterReads?: number; readonly restoreSize?: string; readonly error?: string };
  /** The old claim's volume's reclaim policy. @default Retain */
  readonly reclaimPolicy?: "Retain" | "Delete";
  /** Whether the ValidatingAdmissionPolicy refuses the StatefulSet controller's claim without the snapshot. */
  readonly policy?: "holds" | "absent" | "lets-the-controller-through";
}

/** A fake API server holding one claim and its pod, and playing the controllers that act on them. */
class FakeCluster extends FakeApiServer {
  claim?: Claim;
  private podRunning: boolean;
  private uids = 0;
  private snapshotReads = 0;

  constructor(private readonly options: ClusterOptions) {
    super();
    this.claim = options.claim ? { ...options.claim, terminating: false } : undefined;
    this.podRunning = options.podRunning ?? true;
  }

  protected route(request: ApiRequest, reply: Reply, status: Refuse): void {
    const { body } = request;
    if (this.options.refuseWith) return status(this.options.refuseWith, "Forbidden", `persistentvolumeclaims "${CLAIM}" is forbidden`);
    if (request.path === CLAIM_PATH && request.method === "GET") {
      return this.claim ? reply(200, this.claimObject()) : status(404, "NotFound", `persistentvolumeclaims "${CLAIM}" not found`);
    }
    if (request.path === CLAIM_PATH && request.method === "DELETE") return this.deleteClaim(JSON.parse(body || "{}"), reply, status);
    if (request.path === SNAPSHOT_PATH && request.method === "GET") return this.readSnapshot(reply, status);
    if (request.path.startsWith("/api/v1/persistentvolumes/") && request.method === "GET") {
      const name = request.path.split("/").pop()!;
      if (name !== this.options.claim?.volume) return status(404, "NotFound", `persistentvolumes "${name}" not found`);
      return reply(200, { kind: "PersistentVolume", apiVersion: "v1", metadata: { name }, spec: { persistentVolumeReclaimPolicy: this.options.reclaimPolicy ?? "Retain" } });
    }
    if (request.path.split("?")[0] === CLAIMS_PATH && request.method === "POST") return this.createClaim(request.path.endsWith("?dryRun=All"), JSON.parse(body), reply, status);
    if (request.path === POD_PATH && request.method === "DELETE") {
      if (!this.podRunning) return status(404, "NotFound", `pods "${POD}" not found`);
      this.podRunning = false;
      // The kubelet stops it, pvc-protection lets the claim go, the StatefulSet controller makes a new one.
      setTimeout(() => this.podStopped(), 100);
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
    // pvc-protection: a claim no pod uses goes at once.
    if (!this.podRunning) this.claim = undefined;
  }

  private readSnapshot(reply: (s: number, j: unknown) => void, status: (c: number, r: string, m: string) => void): void {
    const snapshot = this.options.volumeSnapshot;
    if (!snapshot) return status(404, "NotFound", `volumesnapshots.snapshot.storage.k8s.io "${VOLUME_SNAPSHOT}" not found`);
    const ready = ++this.snapshotReads > (snapshot.readyAfterReads ?? 0) && !snapshot.error;
    reply(200, {
      apiVersion: "snapshot.storage.k8s.io/v1",
      kind: "VolumeSnapshot",
      metadata: { name: VOLUME_SNAPSHOT, namespace: NAMESPACE },
      spec: { source: { persistentVolumeClaimName: "data-daemon-bitcoin-sts-1" }, volumeSnapshotClassName: "ebs-retain" },
      status: { readyToUse: ready, ...(ready ? { restoreSize: snapshot.restoreSize ?? "650Gi" } : {}), ...(snapshot.error ? { error: { message: snapshot.error } } : {}) },
    });
  }

  /** What the policy lets through: any claim from the snapshot; one without only when it holds nothing. */
  private admitted(claim: { spec?: { dataSourceRef?: { name?: string } } }, byController: boolean): boolean {
    if (claim.spec?.dataSourceRef?.name === VOLUME_SNAPSHOT) return true;
    return this.options.policy === "absent" || (byController && this.options.policy === "lets-the-controller-through");
  }

  private createClaim(dryRun: boolean, claim: { spec?: { dataSourceRef?: { name?: string } } }, reply: (s: number, j: unknown) => void, status: (c: number, r: string, m: string) => void): void {
    if (!this.admitted(claim, false)) {
      return status(403, "Forbidden", `persistentvolumeclaims "${CLAIM}" is forbidden: ValidatingAdmissionPolicy '${POLICY}' with binding '${POLICY}' denied request: claim ${CLAIM} starts from VolumeSnapshot ${VOLUME_SNAPSHOT}`);
    }
    if (this.claim) return status(409, "AlreadyExists", `persistentvolumeclaims "${CLAIM}" already exists`);
    if (dryRun) return reply(201, claim);
    this.claim = { uid: `uid-new-${++this.uids}`, created: utc(Date.now()), from: claim.spec?.dataSourceRef?.name, terminating: false };
    reply(201, this.claimObject());
    // The StatefulSet controller, refused until now, creates the pod, and the claim binds.
    if (this.options.podRunning ?? true) this.bindSoon("pvc-from-snapshot");
  }

  private podStopped(): void {
    if (this.claim?.terminating) this.claim = undefined;
    // The StatefulSet controller creates the claim from its template, unless the policy refuses it.
    const recreate = (): void => {
      if (this.claim || (this.options.volumeSnapshot && !this.admitted({}, true))) return;
      this.claim = { uid: `uid-new-${++this.uids}`, created: utc(Date.now()), terminating: false };
      this.bindSoon(this.options.reservedVolume ?? "pvc-new-empty-volume");
    };
    // A controller the policy lets through wins the race outright; otherwise it comes a moment later.
    if (this.options.policy === "lets-the-controller-through") recreate();
    else setTimeout(recreate, 60);
  }

  private bindSoon(volume: string): void {
    if (!this.options.neverBinds) setTimeout(() => this.claim && (this.claim.volume = volume), 60);
  }

  private claimObject() {
    const claim = this.claim!;
    return {
      kind: "PersistentVolumeClaim",
      apiVersion: "v1",
      metadata: { name: CLAIM, namespace: NAMESPACE, uid: claim.uid, creationTimestamp: claim.created, ...(claim.terminating ? { deletionTimestamp: utc(Date.now()) } : {}) },
      spec: {
        accessModes: ["ReadWriteOnce"],
        storageClassName: "gp3",
        ...(claim.volume ? { volumeName: claim.volume } : {}),
        ...(claim.from ? { dataSourceRef: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: claim.from } } : {}),
      },
      status: { phase: claim.volume ? "Bound" : "Pending" },
    };
  }
}

const workDir = apiJobWorkDir("replace-claim-");
let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const MINUTE = 60_000;
const OLD_CLAIM = { uid: "uid-old", created: utc(Date.now() - 30 * 24 * 60 * MINUTE), volume: "pvc-0a1b2c3d" } as const;

async function run(options: ClusterOptions, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  cluster = new FakeCluster(options);
  return runApiScript(SCRIPT, await cluster.listen(), workDir(), {
    NAMESPACE,
    CLAIM,
    POD,
    REQUESTED_AT: utc(Date.now() - MINUTE),
    REASON: "chainstate corrupted after a disk full event",
    ...env,
  });
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

describe("from a VolumeSnapshot", () => {
  const SNAPSHOT = { restoreSize: "650Gi" };
  const calls = (): string[] => cluster!.requests.filter((r) => r.method !== "GET" || r.path === SNAPSHOT_PATH).map((r) => `${r.method} ${r.path}`);

  it("restore waits for the snapshot, proves the policy holds the claim, then deletes the claim and its pod and creates the claim from the snapshot", async () => {
    const result = await run({ claim: OLD_CLAIM, volumeSnapshot: { ...SNAPSHOT, readyAfterReads: 2 }, policy: "holds" }, { ...FROM_VOLUME_SNAPSHOT, REASON: "restore" });
    expect(result).toMatchObject({ code: 0 });
    expect(calls()).toEqual([
      ...Array(3).fill(`GET ${SNAPSHOT_PATH}`),
      `POST ${CLAIMS_PATH}?dryRun=All`,
      `DELETE ${CLAIM_PATH}`,
      `DELETE ${POD_PATH}`,
      `POST ${CLAIMS_PATH}`,
    ]);
    const create = cluster!.requests.find((r) => r.method === "POST" && r.path === CLAIMS_PATH)!;
    expect(JSON.parse(create.body)).toEqual(CLAIM_MANIFEST);
    expect(result.output).toContain(`claim ${CLAIM} is on volume pvc-from-snapshot now; the old volume pvc-0a1b2c3d is Released and kept`);
  });

  it("does nothing when the claim comes from the snapshot already (the Job run again)", async () => {
    const result = await run({ claim: { ...OLD_CLAIM, from: VOLUME_SNAPSHOT }, volumeSnapshot: SNAPSHOT, policy: "holds" }, FROM_VOLUME_SNAPSHOT);
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toContain(`claim ${CLAIM} is from VolumeSnapshot ${VOLUME_SNAPSHOT} already: nothing to do`);
    expect(cluster!.deletes()).toEqual([]);
  });

  it.each([
    ["the snapshot does not exist", {}, `VolumeSnapshot ${VOLUME_SNAPSHOT} does not exist in ${NAMESPACE}`],
    ["the snapshot failed", { volumeSnapshot: { error: "Failed to check and update snapshot content: snapshot quota exceeded" } }, "snapshot quota exceeded; nothing was changed"],
    ["the snapshot is never ready", { volumeSnapshot: { readyAfterReads: 1_000 } }, `VolumeSnapshot ${VOLUME_SNAPSHOT} is not ready to use after 1 s; nothing was changed`],
    ["the snapshot holds more than the claim asks", { volumeSnapshot: { restoreSize: "751619276801" } }, "holds 751619276801, more than the claim's 700Gi: raise the service's storage size first"],
    ["the policy does not hold the claim", { volumeSnapshot: SNAPSHOT, policy: "absent" as const }, `ValidatingAdmissionPolicy ${POLICY} does not hold claim ${CLAIM} (a dry run got HTTP 409): is the cluster on Kubernetes 1.30 or later? Nothing was changed`],
  ])("changes nothing when %s", async (_name, options, message) => {
    const result = await run({ claim: OLD_CLAIM, policy: "holds", ...options }, { ...FROM_VOLUME_SNAPSHOT, WAIT_SECONDS: "1" });
    expect(result.code).toBe(1);
    expect(result.output).toContain(message);
    expect(cluster!.deletes()).toEqual([]);
    expect(cluster!.requests.filter((r) => r.method === "POST" && r.path === CLAIMS_PATH)).toEqual([]);
  });

  it("fails, naming the kept volume, when the claim is created again without the snapshot", async () => {
    const result = await run({ claim: OLD_CLAIM, volumeSnapshot: SNAPSHOT, policy: "lets-the-controller-through" }, FROM_VOLUME_SNAPSHOT);
    expect(result.code).toBe(1);
    expect(result.output).toContain(`error: claim ${CLAIM} was created again without VolumeSnapshot ${VOLUME_SNAPSHOT} (uid uid-new-1), which ValidatingAdmissionPolicy ${POLICY} should have refused; its old volume pvc-0a1b2c3d is kept`);
  });

  it("seed replaces the new ordinal's claim that has no volume yet, and ends without waiting for its pod", async () => {
    const result = await run({ claim: { uid: "uid-terraform", created: utc(Date.now()) }, podRunning: false, volumeSnapshot: SNAPSHOT, policy: "holds" }, { ...FROM_VOLUME_SNAPSHOT, ACTION: "seed", REQUESTED_AT: "" });
    expect(result).toMatchObject({ code: 0 });
    expect(cluster!.claim).toMatchObject({ from: VOLUME_SNAPSHOT });
    expect(cluster!.claim!.volume).toBeUndefined();
    expect(result.output).toContain(`claim ${CLAIM} starts from VolumeSnapshot ${VOLUME_SNAPSHOT}; it binds when pod ${POD} starts`);
  });

  it("seed refuses a claim that has a volume: that ordinal is running, and restore is the way", async () => {
    const result = await run({ claim: OLD_CLAIM, volumeSnapshot: SNAPSHOT, policy: "holds" }, { ...FROM_VOLUME_SNAPSHOT, ACTION: "seed" });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`error: claim ${CLAIM} is on volume pvc-0a1b2c3d already: a seed only starts a new ordinal`);
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

  it("deletes nothing when the claim's volume would go with it (reclaim policy Delete), saying how to keep it", async () => {
    const result = await run({ claim: OLD_CLAIM, reclaimPolicy: "Delete" });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`error: volume pvc-0a1b2c3d of claim ${CLAIM} has reclaim policy Delete: deleting the claim would delete it. Keep it first (kubectl patch pv pvc-0a1b2c3d -p '{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}')`);
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

it("passes shellcheck as POSIX sh, with the library it sources", () => {
  expect(shellcheckApiScript(SCRIPT)).toBe("");
});
