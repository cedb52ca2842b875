/**
 * coins.<coin>.volumeOperations in the coin stack: what a seed, a restore and a resync create, and
 * that none of them deletes or changes a claim or a volume Terraform manages.
 */
import { synthCoin } from "../helpers/coinstack";
import { shippedEnvironment } from "../helpers/synth";
import { RESTORE, RESYNC, SEED } from "../helpers/volume-operations";

const EVERY_OPERATION = { ...shippedEnvironment("dev").coins.bitcoin, replicas: 2, volumeOperations: [SEED, RESTORE, RESYNC] };
const stack = synthCoin("bitcoin", { settings: EVERY_OPERATION });
const ofType = (type: string): [string, any][] => Object.entries(stack.resource[type] ?? {});
/** The resource of `type` whose Kubernetes object is named `name`, in `of` (default: the stack with every operation). */
function named(type: string, name: string, of = stack): [string, any] {
  const found = Object.entries<any>(of.resource[type] ?? {}).find(([, body]) => (body.metadata?.name ?? body.metadata?.[0]?.name) === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found;
}

describe("a volume made from a snapshot (seed, restore)", () => {
  const [, volume] = ofType("aws_ebs_volume").find(([, v]) => v.snapshot_id === RESTORE.snapshot)!;
  const [, persistentVolume] = named("kubernetes_persistent_volume_v1", `data-daemon-bitcoin-sts-0-${RESTORE.snapshot}`);

  it("is a gp3 EBS volume of the service's size and performance, in the entry's zone, encrypted with the volumes key", () => {
    expect(volume).toMatchObject({
      availability_zone: RESTORE.zone,
      size: 650,
      type: "gp3",
      iops: 3000,
      throughput: 125,
      encrypted: true,
      kms_key_id: "arn:aws:kms:us-east-2:111111111111:alias/coinstacks-dev-volumes",
      volume_initialization_rate: 300,
    });
  });

  it("carries the tags scheduled backups select volumes by", () => {
    expect(volume.tags).toMatchObject({ "coinstacks.io/environment": "dev", "coinstacks.io/namespace": "coin-bitcoin", "coinstacks.io/claim": "data-daemon-bitcoin-sts-0" });
  });

  it("is never destroyed by Terraform, and left to the cluster after creation but for where it comes from", () => {
    expect(volume.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["size", "iops", "throughput", "type", "kms_key_id", "volume_initialization_rate"] });
  });

  it("is mounted through a PersistentVolume reserved for the claim by name, kept when released, pinned to the zone", () => {
    const spec = persistentVolume.spec[0];
    expect(spec.claim_ref).toEqual({ name: "data-daemon-bitcoin-sts-0", namespace: expect.stringContaining("kubernetes_namespace_v1.") });
    expect(spec.persistent_volume_reclaim_policy).toBe("Retain");
    expect(spec.storage_class_name).toBe("gp3");
    expect(spec.capacity).toEqual({ storage: "650Gi" });
    expect(spec.persistent_volume_source.csi).toEqual({ driver: "ebs.csi.aws.com", fs_type: "ext4", volume_handle: expect.stringMatching(/^\$\{aws_ebs_volume\..*\.id\}$/) });
    expect(spec.node_affinity.required.node_selector_term[0].match_expressions).toEqual([{ key: "topology.kubernetes.io/zone", operator: "In", values: [RESTORE.zone] }]);
    expect(persistentVolume.lifecycle).toEqual({ prevent_destroy: true });
  });
});

describe("a seed", () => {
  it("has Terraform create the new ordinal's claim only after the volume reserved for it", () => {
    const [, claim] = named("kubernetes_persistent_volume_claim_v1", "data-daemon-bitcoin-sts-1");
    const [address] = named("kubernetes_persistent_volume_v1", `data-daemon-bitcoin-sts-1-${SEED.snapshot}`);
    expect(claim.depends_on).toEqual([`kubernetes_persistent_volume_v1.${address}`]);
  });

  it("runs no Job of its own (the Jobs here are the restore's and the resync's)", () => {
    expect(ofType("kubernetes_job_v1").map(([, job]) => job.metadata.name).sort()).toEqual(["bitcoin-replace-daemon-0", "bitcoin-replace-indexer-0"]);
  });
});

describe("a replacement (restore, resync)", () => {
  it("leaves every claim as Terraform made it: same spec, no dependency on the new volume, prevent_destroy", () => {
    const plain = synthCoin("bitcoin", { settings: { ...EVERY_OPERATION, volumeOperations: [SEED] } });
    for (const name of ["data-daemon-bitcoin-sts-0", "data-indexer-bitcoin-sts-0"]) {
      const [address, claim] = named("kubernetes_persistent_volume_claim_v1", name);
      expect(claim).toEqual(plain.resource.kubernetes_persistent_volume_claim_v1![address]);
      expect(claim.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  it("runs a Job whose Role may get and delete exactly that claim and that pod", () => {
    const [, role] = named("kubernetes_role_v1", "bitcoin-replace-daemon-0");
    expect(role.rule).toEqual([
      { api_groups: [""], resources: ["persistentvolumeclaims"], resource_names: ["data-daemon-bitcoin-sts-0"], verbs: ["get", "delete"] },
      { api_groups: [""], resources: ["pods"], resource_names: ["bitcoin-sts-0"], verbs: ["get", "delete"] },
    ]);
  });

  it("lets the Job reach DNS and the API server only, and nothing reach it", () => {
    const [, policy] = named("kubernetes_network_policy_v1", "bitcoin-replace-daemon-0");
    expect(policy.spec.policy_types).toEqual(["Ingress", "Egress"]);
    expect(policy.spec.ingress).toBeUndefined();
    expect(policy.spec.egress.flatMap((rule: any) => rule.ports.map((p: any) => `${p.port}/${p.protocol}`))).toEqual(["53/UDP", "53/TCP", "443/TCP", "6443/TCP"]);
  });

  it("gives the Job a token that expires, mounted explicitly, instead of the automounted one", () => {
    const [, job] = named("kubernetes_job_v1", "bitcoin-replace-daemon-0");
    const pod = job.spec.template.spec;
    expect(pod.automount_service_account_token).toBe(false);
    const access = pod.volume.find((v: any) => v.name === "api-access");
    expect(access.projected[0].sources[0].service_account_token).toEqual({ path: "token", expiration_seconds: 3600 });
  });

  it("has Terraform wait for the Job, and run it after the volume it must bind the claim to", () => {
    const [, job] = named("kubernetes_job_v1", "bitcoin-replace-daemon-0");
    const [volume] = named("kubernetes_persistent_volume_v1", `data-daemon-bitcoin-sts-0-${RESTORE.snapshot}`);
    expect(job.wait_for_completion).toBe(true);
    expect(job.depends_on).toContain(`kubernetes_persistent_volume_v1.${volume}`);
    const env = Object.fromEntries(job.spec.template.spec.container[0].env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ CLAIM: "data-daemon-bitcoin-sts-0", POD: "bitcoin-sts-0", REQUESTED_AT: RESTORE.requestedAt, SNAPSHOT_VOLUME: `data-daemon-bitcoin-sts-0-${RESTORE.snapshot}` });
  });

  it("runs only the last entry of a claim: the earlier ones are its history", () => {
    const later = { ...RESTORE, snapshot: "snap-0aaaaaaaaaaaaaaaa", requestedAt: "2026-12-02T08:00:00Z" };
    const twice = synthCoin("bitcoin", { settings: { ...EVERY_OPERATION, volumeOperations: [RESTORE, later] } });
    const jobs = Object.values(twice.resource.kubernetes_job_v1 ?? {});
    expect(jobs.map((job: any) => job.spec.template.spec.container[0].env.find((e: any) => e.name === "SNAPSHOT_VOLUME").value)).toEqual([`data-daemon-bitcoin-sts-0-${later.snapshot}`]);
    expect(Object.keys(twice.resource.kubernetes_persistent_volume_v1 ?? {})).toHaveLength(2);
  });
});

describe("a snapshot", () => {
  const snapshot = { action: "snapshot", service: "daemon", ordinal: 0, name: "before-upgrade" };
  const withSnapshot = synthCoin("bitcoin", { settings: { ...shippedEnvironment("dev").coins.bitcoin, volumeOperations: [snapshot] } });
  const manifests = Object.values<any>(withSnapshot.resource.kubernetes_manifest ?? {}).map((m) => m.manifest).filter((m) => m.kind === "VolumeSnapshot");

  it("is a VolumeSnapshot of the claim in the ebs-retain class, named after it", () => {
    expect(manifests).toEqual([
      expect.objectContaining({
        apiVersion: "snapshot.storage.k8s.io/v1",
        metadata: expect.objectContaining({ name: "data-daemon-bitcoin-sts-0-before-upgrade" }),
        spec: { volumeSnapshotClassName: "ebs-retain", source: { persistentVolumeClaimName: "data-daemon-bitcoin-sts-0" } },
      }),
    ]);
  });

  it("takes a copy and changes nothing else: no volume, no Job", () => {
    expect(Object.keys(withSnapshot.resource.aws_ebs_volume ?? {})).toEqual([]);
    expect(Object.keys(withSnapshot.resource.kubernetes_job_v1 ?? {})).toEqual([]);
  });

  it("does not count as the claim's history: a restore may follow without being asked for later", () => {
    const settings = { ...shippedEnvironment("dev").coins.bitcoin, volumeOperations: [RESTORE, snapshot] };
    const stack = synthCoin("bitcoin", { settings });
    expect(Object.keys(stack.resource.kubernetes_job_v1 ?? {})).toHaveLength(1);
  });
});

describe("an operation on a further workload's volume (polkadot's validator)", () => {
  const polkadot = shippedEnvironment("dev").coins.polkadot;
  const resync = { workload: "validator", action: "resync", service: "daemon", ordinal: 0, requestedAt: "2026-12-01T20:00:00Z", reason: "validator database corrupted by a node crash" };
  const validator = synthCoin("polkadot", { settings: { ...polkadot, volumeOperations: [resync] } });

  it("replaces the workload's claim and pod, by the workload's names", () => {
    const [, role] = named("kubernetes_role_v1", "polkadot-westend-validator-replace-daemon-0", validator);
    expect(role.rule.map((rule: any) => rule.resource_names[0])).toEqual(["data-daemon-polkadot-westend-validator-sts-0", "polkadot-westend-validator-sts-0"]);
  });

  it("is refused for a workload that is not enabled, and for an ordinal the workload does not have", () => {
    const off = { ...polkadot, workloads: { validator: { enabled: false } }, volumeOperations: [resync] };
    expect(() => synthCoin("polkadot", { settings: off })).toThrow(/coins\.polkadot\.volumeOperations\[0\]\.workload: expected an enabled workload of polkadot \(none enabled\), got "validator"/);
    expect(() => synthCoin("polkadot", { settings: { ...polkadot, volumeOperations: [{ ...resync, ordinal: 1 }] } })).toThrow(/volumeOperations\[0\]\.ordinal: expected an ordinal below the validator's replicas \(0 to 0\), got 1/);
  });
});
