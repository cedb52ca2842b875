/**
 * services.<name>.backup.quiesce in the coin stack: the CronJob that snapshots one ordinal with its
 * daemons stopped, what it may touch, and what it changes in the pods.
 */
import { podSpec, selectorsOf, statefulSet, synthCoin } from "../helpers/coinstack";
import { admissions } from "../helpers/cel";
import { shippedEnvironment } from "../helpers/synth";
import { QUIESCED_BACKUP } from "../helpers/volume-operations";

const dev = shippedEnvironment("dev").coins.bitcoin!;
const settings = { ...dev, replicas: 2, services: { ...dev.services, daemon: { ...dev.services.daemon, backup: QUIESCED_BACKUP } } };
const stack = synthCoin("bitcoin", { settings });
const plain = synthCoin("bitcoin", { settings: { ...dev, replicas: 2 } });
const cronJob = Object.values<any>(stack.resource.kubernetes_cron_job_v1 ?? {})[0];
const named = (type: string, name: string): any => Object.values<any>(stack.resource[type] ?? {}).find((r) => r.metadata?.name === name);
const policy = Object.values<any>(stack.resource.kubernetes_manifest ?? {}).map((m) => m.manifest).find((m) => m.kind === "ValidatingAdmissionPolicy");

it("is a CronJob on the backup's schedule in UTC (AWS's Sunday, 1, is Kubernetes' 0), never two at once, one try per run", () => {
  expect(cronJob.metadata.name).toBe("bitcoin-quiesce-daemon");
  expect(cronJob.spec).toMatchObject({ schedule: "0 3 * * 0", timezone: "Etc/UTC", concurrency_policy: "Forbid" });
  expect(cronJob.spec.job_template.spec.backoff_limit).toBe(0);
});

it("runs its pods where no Service, disruption budget, NetworkPolicy or PodMonitor of the coin's pods selects them", () => {
  expect(selectorsOf(stack, cronJob.spec.job_template.spec.template.metadata.labels, ["bitcoin-quiesce-daemon"])).toEqual([]);
});

it("makes no AWS Backup plan: the cluster takes these snapshots", () => {
  expect(Object.keys(stack.resource).filter((type) => type.startsWith("aws_backup"))).toEqual([]);
});

it("runs the script on the ordinal's pod and daemon claim, in the ebs-scheduled class, with the config's retention", () => {
  const env = Object.fromEntries(cronJob.spec.job_template.spec.template.spec.container[0].env.map((e: any) => [e.name, e.value]));
  expect(env).toMatchObject({
    POD: "bitcoin-sts-1",
    CLAIM: "data-daemon-bitcoin-sts-1",
    BACKUP: "bitcoin-quiesce-daemon",
    QUIESCE_CONFIG_MAP: "bitcoin-quiesce",
    QUIESCE_KEY: "quiesced-ordinal-1-daemon",
    SNAPSHOT_CLASS: "ebs-scheduled",
    RETAIN_DAYS: "14",
  });
});

it("lets its Role reach that pod, that ConfigMap and VolumeSnapshots only", () => {
  expect(named("kubernetes_role_v1", "bitcoin-quiesce-daemon").rule).toEqual([
    { api_groups: [""], resources: ["pods"], resource_names: ["bitcoin-sts-1"], verbs: ["get", "delete"] },
    { api_groups: [""], resources: ["configmaps"], resource_names: ["bitcoin-quiesce"], verbs: ["get", "patch"] },
    { api_groups: ["snapshot.storage.k8s.io"], resources: ["volumesnapshots"], verbs: ["create", "get", "list", "delete"] },
  ]);
});

it("has Terraform create the quiesce ConfigMap empty and leave its data to the backups", () => {
  expect(named("kubernetes_config_map_v1", "bitcoin-quiesce")).toMatchObject({ data: {}, lifecycle: { ignore_changes: ["data"] } });
});

it("shows the pods the quiesce ConfigMap in their maintenance directory, next to the maintenance ConfigMap", () => {
  const volume = podSpec(stack).volume.find((v: any) => v.name === "maintenance");
  expect(volume.projected[0].sources[0].config_map).toEqual([{ name: expect.stringContaining("kubernetes_config_map_v1.coinstack_maintenance_config-map_") }, { name: expect.stringContaining("kubernetes_config_map_v1.coinstack_maintenance_quiesce_"), optional: true }]);
  expect(podSpec(plain).volume.find((v: any) => v.name === "maintenance").config_map).toBeDefined();
  expect(statefulSet(stack).depends_on).toContain(`kubernetes_config_map_v1.${Object.entries<any>(stack.resource.kubernetes_config_map_v1!).find(([, c]) => c.metadata.name === "bitcoin-quiesce")![0]}`);
});

describe("its admission policy, evaluated as the API server does (CEL)", () => {
  const BACKUP = "system:serviceaccount:coin-bitcoin:bitcoin-quiesce-daemon";
  const snapshot = (changes: { labels?: Record<string, string>; claim?: string; className?: string } = {}) => ({
    metadata: { name: "data-daemon-bitcoin-sts-1-quiesced-20261206-030000", ...("labels" in changes ? (changes.labels ? { labels: changes.labels } : {}) : { labels: { "coinstacks.io/quiesced-backup": "bitcoin-quiesce-daemon" } }) },
    spec: { volumeSnapshotClassName: changes.className ?? "ebs-scheduled", source: { persistentVolumeClaimName: changes.claim ?? "data-daemon-bitcoin-sts-1" } },
  });
  const request = (operation: "CREATE" | "DELETE", username: string, object: object) =>
    operation === "CREATE" ? { request: { operation, userInfo: { username } }, object } : { request: { operation, userInfo: { username } }, oldObject: object, object: null };
  const verdict = admissions(() => policy, {
    createOwn: request("CREATE", BACKUP, snapshot()),
    deleteOwn: request("DELETE", BACKUP, snapshot()),
    createOtherClaim: request("CREATE", BACKUP, snapshot({ claim: "data-daemon-bitcoin-sts-0" })),
    createOtherClass: request("CREATE", BACKUP, snapshot({ className: "ebs-retain" })),
    createUnlabelled: request("CREATE", BACKUP, snapshot({ labels: undefined })),
    createOtherLabel: request("CREATE", BACKUP, snapshot({ labels: { "coinstacks.io/quiesced-backup": "other" } })),
    deleteUnlabelled: request("DELETE", BACKUP, snapshot({ labels: undefined })),
    adminDeletes: request("DELETE", "kubernetes-admin", snapshot({ labels: undefined })),
  });

  it("admits the backup's own snapshot of its claim in its class, and the deletion of one of its own", () => {
    expect(verdict("createOwn")).toEqual([]);
    expect(verdict("deleteOwn")).toEqual([]);
  });

  it("refuses a snapshot of another claim, in another class, or without its label, and deleting a snapshot not its own", () => {
    for (const name of ["createOtherClaim", "createOtherClass", "createUnlabelled", "createOtherLabel", "deleteUnlabelled"] as const) expect(verdict(name)).toHaveLength(1);
  });

  it("leaves everyone else's snapshots alone", () => {
    expect(verdict("adminDeletes")).toBe("not matched");
  });
});
