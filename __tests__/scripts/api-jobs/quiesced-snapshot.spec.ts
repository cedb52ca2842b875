/**
 * lib/coinstack/quiesced-backup/quiesced-snapshot.sh, the CronJob of a quiesced backup, against a fake
 * Kubernetes API server on 127.0.0.1 that answers the pod, ConfigMap (JSON merge patch) and
 * snapshot.storage.k8s.io/v1 VolumeSnapshot endpoints as the API server does, and plays the
 * controllers: a deleted pod stops after a moment and the StatefulSet controller starts it again (a
 * new uid); the snapshot controller fixes a new snapshot's point in time after a few reads. The
 * script runs with only the monitor image's commands on its PATH.
 */
import { join } from "node:path";
import { apiJobWorkDir, FakeApiServer, type ApiRequest, type Refuse, type Reply, runApiScript, shellcheckApiScript, utc } from "../../helpers/api-job";
import { REPO } from "../../helpers/scripts";

jest.setTimeout(30_000);

const SCRIPT = join(REPO, "lib", "coinstack", "quiesced-backup", "quiesced-snapshot.sh");
const NAMESPACE = "coin-bitcoin";
const POD = "bitcoin-sts-1";
const CLAIM = "data-daemon-bitcoin-sts-1";
const BACKUP = "bitcoin-quiesced-backup-daemon";
const CONFIG_MAP = "bitcoin-quiesce";
const KEY = "quiesced-ordinal-1-daemon";
const POD_PATH = `/api/v1/namespaces/${NAMESPACE}/pods/${POD}`;
const CONFIG_MAP_PATH = `/api/v1/namespaces/${NAMESPACE}/configmaps/${CONFIG_MAP}`;
const SNAPSHOTS_PATH = `/apis/snapshot.storage.k8s.io/v1/namespaces/${NAMESPACE}/volumesnapshots`;
const LABEL = "coinstacks.io/quiesced-backup";
const DAY = 86_400_000;

interface Snapshot {
  name: string;
  created: string;
  label: string;
  ready: boolean;
  reads: number;
}

interface ClusterOptions {
  readonly podReady?: boolean;
  /** The snapshot controller reports this error for the new snapshot. */
  readonly snapshotError?: string;
  /** Snapshots that exist already: age in days, ready or not, and whose. */
  readonly existing?: readonly { readonly name: string; readonly ageDays: number; readonly ready?: boolean; readonly label?: string }[];
}

class FakeCluster extends FakeApiServer {
  readonly data: Record<string, string> = {};
  readonly snapshots: Snapshot[];
  /** Whether the old pod was gone (its daemons stopped) when the snapshot was asked for. */
  oldPodGoneAtSnapshot?: boolean;
  private podUid = "uid-pod-old";
  private podTerminating = false;

  constructor(private readonly options: ClusterOptions) {
    super();
    this.snapshots = (options.existing ?? []).map((s) => ({ name: s.name, created: utc(Date.now() - s.ageDays * DAY), label: s.label ?? BACKUP, ready: s.ready ?? true, reads: 0 }));
  }

  calls(): string[] {
    return this.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
  }

  protected route(request: ApiRequest, reply: Reply, refuse: Refuse): void {
    const { method, path } = request;
    if (path === POD_PATH && method === "GET") {
      const ready = this.options.podReady ?? true;
      return reply(200, { kind: "Pod", metadata: { name: POD, uid: this.podUid }, status: { conditions: [{ type: "Ready", status: ready && !this.podTerminating ? "True" : "False" }] } });
    }
    if (path === POD_PATH && method === "DELETE") {
      this.podTerminating = true;
      setTimeout(() => {
        this.podTerminating = false;
        this.podUid = "uid-pod-new";
      }, 100);
      return reply(200, { kind: "Pod", metadata: { name: POD, uid: this.podUid } });
    }
    if (path === CONFIG_MAP_PATH && method === "PATCH") {
      if (request.contentType !== "application/merge-patch+json") return refuse(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json`);
      for (const [key, value] of Object.entries<string | null>(JSON.parse(request.body).data)) {
        if (value === null) delete this.data[key];
        else this.data[key] = value;
      }
      return reply(200, { kind: "ConfigMap", metadata: { name: CONFIG_MAP }, data: this.data });
    }
    if (path === SNAPSHOTS_PATH && method === "POST") return this.create(JSON.parse(request.body), reply);
    const url = new URL(path, "http://api");
    if (url.pathname === SNAPSHOTS_PATH && method === "GET") {
      const selector = url.searchParams.get("labelSelector");
      const items = this.snapshots.filter((s) => selector === null || selector === `${LABEL}=${s.label}`);
      return reply(200, { kind: "VolumeSnapshotList", items: items.map((s) => this.object(s)) });
    }
    const snapshot = this.snapshots.find((s) => path === `${SNAPSHOTS_PATH}/${s.name}`);
    if (snapshot && method === "GET") {
      snapshot.reads++;
      return reply(200, this.object(snapshot));
    }
    if (snapshot && method === "DELETE") {
      this.snapshots.splice(this.snapshots.indexOf(snapshot), 1);
      return reply(200, this.object(snapshot));
    }
    refuse(404, "NotFound", "the server could not find the requested resource");
  }

  private create(body: { metadata: { name: string; labels: Record<string, string> } }, reply: Reply): void {
    this.oldPodGoneAtSnapshot = this.podUid !== "uid-pod-old";
    const snapshot = { name: body.metadata.name, created: utc(Date.now()), label: body.metadata.labels[LABEL]!, ready: false, reads: 0 };
    this.snapshots.push(snapshot);
    reply(201, this.object(snapshot));
  }

  private object(s: Snapshot) {
    const fixed = s.ready || s.reads >= 2;
    return {
      apiVersion: "snapshot.storage.k8s.io/v1",
      kind: "VolumeSnapshot",
      metadata: { name: s.name, creationTimestamp: s.created, labels: { [LABEL]: s.label } },
      status: {
        readyToUse: s.ready,
        ...(fixed && !this.options.snapshotError ? { creationTime: s.created } : {}),
        ...(this.options.snapshotError && !s.ready ? { error: { message: this.options.snapshotError } } : {}),
      },
    };
  }
}

const workDir = apiJobWorkDir("quiesced-snapshot-");
let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function run(options: ClusterOptions = {}): Promise<{ code: number | null; output: string }> {
  cluster = new FakeCluster(options);
  return runApiScript(SCRIPT, await cluster.listen(), workDir(), {
    NAMESPACE,
    POD,
    CLAIM,
    BACKUP,
    QUIESCE_CONFIG_MAP: CONFIG_MAP,
    QUIESCE_KEY: KEY,
    SNAPSHOT_CLASS: "ebs-scheduled",
    RETAIN_DAYS: "30",
    STOP_SECONDS: "10",
    SNAPSHOT_SECONDS: "5",
  });
}

const quiesceWrites = (): (string | null)[] =>
  cluster!.requests.filter((r) => r.method === "PATCH").map((r) => JSON.parse(r.body).data[KEY]);

it("stops the pod's daemons, snapshots the claim once the old pod is gone, and resumes them", async () => {
  const started = Math.floor(Date.now() / 1000);
  const result = await run();
  expect(result).toMatchObject({ code: 0 });
  const snapshot = cluster!.snapshots.find((s) => s.name.startsWith(`${CLAIM}-quiesced-`))!;
  expect(cluster!.calls()).toEqual([`PATCH ${CONFIG_MAP_PATH}`, `DELETE ${POD_PATH}`, `POST ${SNAPSHOTS_PATH}`, `PATCH ${CONFIG_MAP_PATH}`]);
  const [stop, lift] = quiesceWrites();
  expect(stop).toMatch(/^stopped \d+$/);
  // Held at most for the pod's stop, the snapshot and a minute: a Job that dies lifts it by itself.
  expect(Number(stop!.split(" ")[1]) - started).toBeGreaterThanOrEqual(10 + 5 + 60);
  expect(Number(stop!.split(" ")[1]) - started).toBeLessThanOrEqual(10 + 5 + 60 + 2);
  expect(lift).toBeNull();
  const create = cluster!.requests.find((r) => r.method === "POST")!;
  expect(JSON.parse(create.body)).toEqual({
    apiVersion: "snapshot.storage.k8s.io/v1",
    kind: "VolumeSnapshot",
    metadata: { name: snapshot.name, labels: { [LABEL]: BACKUP } },
    spec: { volumeSnapshotClassName: "ebs-scheduled", source: { persistentVolumeClaimName: CLAIM } },
  });
  expect(cluster!.oldPodGoneAtSnapshot).toBe(true);
  expect(result.output).toContain(`VolumeSnapshot ${snapshot.name} holds ${CLAIM} as of`);
});

it("takes no snapshot and stops nothing when the pod is not Ready", async () => {
  const result = await run({ podReady: false });
  expect(result.code).toBe(1);
  expect(result.output).toContain(`error: pod ${POD} is not Ready: a snapshot of it would be no backup; no snapshot taken`);
  expect(cluster!.calls()).toEqual([]);
});

it("resumes the daemons when the snapshot fails, and fails saying why", async () => {
  const result = await run({ snapshotError: "Failed to create snapshot: SnapshotLimitExceeded" });
  expect(result.code).toBe(1);
  expect(result.output).toContain("SnapshotLimitExceeded");
  expect(quiesceWrites()).toEqual([expect.stringMatching(/^stopped /), null]);
});

it("deletes this backup's snapshots older than retainDays, keeping the newest ready one, and no other backup's", async () => {
  const result = await run({
    existing: [
      { name: "q-40-days", ageDays: 40 },
      { name: "q-35-days", ageDays: 35 },
      { name: "q-2-days", ageDays: 2 },
      { name: "other-backup-40-days", ageDays: 40, label: "bitcoin-quiesced-backup-indexer" },
    ],
  });
  expect(result).toMatchObject({ code: 0 });
  expect(cluster!.deletes().filter((p) => p.startsWith(SNAPSHOTS_PATH))).toEqual([`${SNAPSHOTS_PATH}/q-40-days`, `${SNAPSHOTS_PATH}/q-35-days`]);
});

it("keeps the newest ready snapshot even when it is older than retainDays (the new one is not ready yet)", async () => {
  const result = await run({ existing: [{ name: "q-40-days", ageDays: 40 }, { name: "q-35-days", ageDays: 35 }, { name: "q-31-days-not-ready", ageDays: 31, ready: false }] });
  expect(result).toMatchObject({ code: 0 });
  expect(cluster!.deletes().filter((p) => p.startsWith(SNAPSHOTS_PATH))).toEqual([`${SNAPSHOTS_PATH}/q-40-days`]);
});

it("passes shellcheck as POSIX sh, with the library it sources", () => {
  expect(shellcheckApiScript(SCRIPT)).toBe("");
});
