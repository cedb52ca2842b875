/**
 * coins.<coin>.volumeOperations in the coin stack: what a seed, a restore and a resync create, and
 * that none of them deletes or changes a claim or a volume Terraform manages.
 */
import { manifestsOfKind, selectorsOf, statefulSet, synthCoin } from "../helpers/coinstack";
import { admissions } from "../helpers/cel";
import { shippedEnvironment } from "../helpers/synth";
import { LOCAL_SNAPSHOT, RESTORE, RESTORE_FROM_VOLUME_SNAPSHOT, RESYNC, SEED, SEED_FROM_VOLUME_SNAPSHOT } from "../helpers/volume-operations";

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

  it("lets the Job read PersistentVolumes cluster-wide and do nothing else there (it refuses to delete a claim whose volume would go with it)", () => {
    const [, clusterRole] = named("kubernetes_cluster_role_v1", "coinstacks-volume-reader-coin-bitcoin-bitcoin-replace-daemon-0");
    expect(clusterRole.rule).toEqual([{ api_groups: [""], resources: ["persistentvolumes"], verbs: ["get"] }]);
    const [, binding] = named("kubernetes_cluster_role_binding_v1", "coinstacks-volume-reader-coin-bitcoin-bitcoin-replace-daemon-0");
    expect(binding.role_ref).toEqual({ api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "coinstacks-volume-reader-coin-bitcoin-bitcoin-replace-daemon-0" });
    expect(binding.subject).toEqual([{ kind: "ServiceAccount", name: "bitcoin-replace-daemon-0", namespace: expect.stringContaining("kubernetes_namespace_v1") }]);
  });

  it("runs its pod where no Service, disruption budget, NetworkPolicy or PodMonitor of the coin's pods selects it", () => {
    const [, job] = named("kubernetes_job_v1", "bitcoin-replace-daemon-0");
    const labels = job.spec.template.metadata.labels;
    expect(selectorsOf(stack, labels, ["bitcoin-replace-daemon-0"])).toEqual([]);
    // The check itself finds the pods' own selectors on a pod of the StatefulSet.
    expect(selectorsOf(stack, statefulSet(stack).spec.template.metadata.labels).length).toBeGreaterThan(3);
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

describe("from a VolumeSnapshot (any CSI driver that restores snapshots; the local environment)", () => {
  const local = shippedEnvironment("local");
  const settings = { ...local.coins.bitcoin, replicas: 2, volumeOperations: [LOCAL_SNAPSHOT, SEED_FROM_VOLUME_SNAPSHOT, RESTORE_FROM_VOLUME_SNAPSHOT] };
  const csi = synthCoin("bitcoin", { env: local, settings });
  const envOf = (job: any): Record<string, string> => Object.fromEntries(job.spec.template.spec.container[0].env.map((e: any) => [e.name, e.value]));
  const [, restoreJob] = named("kubernetes_job_v1", "bitcoin-regtest-replace-indexer-0", csi);
  const policies = manifestsOfKind(csi, "ValidatingAdmissionPolicy");
  const restorePolicy = policies.find((p) => p.metadata.name === "coinstacks-claim-source-coin-bitcoin-regtest-data-indexer-bitcoin-regtest-sts-0");

  it("makes no EBS volume and no PersistentVolume: the CSI driver makes the volume", () => {
    expect(csi.resource.aws_ebs_volume).toBeUndefined();
    expect(csi.resource.kubernetes_persistent_volume_v1).toBeUndefined();
  });

  it("has the Job create the claim Terraform makes, with the VolumeSnapshot as its data source", () => {
    const [, claim] = named("kubernetes_persistent_volume_claim_v1", "data-indexer-bitcoin-regtest-sts-0", csi);
    const manifest = JSON.parse(envOf(restoreJob).CLAIM_MANIFEST!);
    expect(manifest).toEqual({
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: claim.metadata,
      spec: {
        accessModes: claim.spec.access_modes,
        storageClassName: claim.spec.storage_class_name,
        resources: claim.spec.resources,
        dataSourceRef: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: RESTORE_FROM_VOLUME_SNAPSHOT.volumeSnapshot },
      },
    });
    expect(envOf(restoreJob)).toMatchObject({ ACTION: "restore", VOLUME_SNAPSHOT: RESTORE_FROM_VOLUME_SNAPSHOT.volumeSnapshot, CLAIM_POLICY: restorePolicy.metadata.name });
  });

  it("lets the Job also read that VolumeSnapshot and create claims, which the policy narrows to its own", () => {
    const [, role] = named("kubernetes_role_v1", "bitcoin-regtest-replace-indexer-0", csi);
    expect(role.rule.slice(2)).toEqual([
      { api_groups: [""], resources: ["persistentvolumeclaims"], verbs: ["create"] },
      { api_groups: ["snapshot.storage.k8s.io"], resources: ["volumesnapshots"], resource_names: [RESTORE_FROM_VOLUME_SNAPSHOT.volumeSnapshot], verbs: ["get"] },
    ]);
  });

  it("holds each claim for its snapshot with a ValidatingAdmissionPolicy bound to Deny, in force before the Job runs", () => {
    expect(policies.map((p) => p.metadata.name).sort()).toEqual(["coinstacks-claim-source-coin-bitcoin-regtest-data-daemon-bitcoin-regtest-sts-1", restorePolicy.metadata.name]);
    const [bindingAddress, binding] = Object.entries<any>(csi.resource.kubernetes_manifest!).find(([, m]) => m.manifest.kind === "ValidatingAdmissionPolicyBinding" && m.manifest.metadata.name === restorePolicy.metadata.name)!;
    expect(binding.manifest.spec).toEqual({ policyName: restorePolicy.metadata.name, validationActions: ["Deny"] });
    expect(restoreJob.depends_on).toContain(`kubernetes_manifest.${bindingAddress}`);
  });

  describe("the policy, evaluated as the API server does (CEL)", () => {
    const claim = (name: string, dataSourceRef?: object) => ({ metadata: { name, namespace: "coin-bitcoin-regtest" }, spec: { accessModes: ["ReadWriteOnce"], ...(dataSourceRef ? { dataSourceRef } : {}) } });
    const create = (username: string, object: object) => ({ object, request: { operation: "CREATE", userInfo: { username } } });
    const FROM_SNAPSHOT = { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: RESTORE_FROM_VOLUME_SNAPSHOT.volumeSnapshot };
    const JOB = "system:serviceaccount:coin-bitcoin-regtest:bitcoin-regtest-replace-indexer-0";
    const CONTROLLER = "system:serviceaccount:kube-system:statefulset-controller";
    const verdict = admissions(() => restorePolicy, {
      controllersClaim: create(CONTROLLER, claim("data-indexer-bitcoin-regtest-sts-0")),
      jobsClaim: create(JOB, claim("data-indexer-bitcoin-regtest-sts-0", FROM_SNAPSHOT)),
      jobsClaimFromAnotherSnapshot: create(JOB, claim("data-indexer-bitcoin-regtest-sts-0", { ...FROM_SNAPSHOT, name: "other" })),
      jobsOtherClaim: create(JOB, claim("data-daemon-bitcoin-regtest-sts-0", FROM_SNAPSHOT)),
      controllersOtherClaim: create(CONTROLLER, claim("data-indexer-bitcoin-regtest-sts-1")),
      adminsClaim: create("kubernetes-admin", claim("data-daemon-bitcoin-regtest-sts-0")),
    });

    it("refuses the StatefulSet controller's claim from its template", () => {
      expect(verdict("controllersClaim")).toEqual([expect.stringContaining("starts from VolumeSnapshot indexer-nightly-2026-11-30")]);
    });

    it("admits the Job's claim from the snapshot", () => {
      expect(verdict("jobsClaim")).toEqual([]);
    });

    it("refuses the claim from another snapshot, and any other claim the Job creates", () => {
      expect(verdict("jobsClaimFromAnotherSnapshot")).toHaveLength(1);
      expect(verdict("jobsOtherClaim")).toEqual([expect.stringContaining(`${JOB} creates claim data-indexer-bitcoin-regtest-sts-0 only`)]);
    });

    it("leaves every other claim to whoever creates it", () => {
      expect(verdict("controllersOtherClaim")).toBe("not matched");
      expect(verdict("adminsClaim")).toBe("not matched");
    });
  });

  it("seeds a new ordinal by a Job that runs before the StatefulSet grows, and after the VolumeSnapshot the config takes", () => {
    const [seedAddress, seedJob] = named("kubernetes_job_v1", "bitcoin-regtest-replace-daemon-1", csi);
    const [snapshotAddress] = Object.entries<any>(csi.resource.kubernetes_manifest!).find(([, m]) => m.manifest.metadata.name === SEED_FROM_VOLUME_SNAPSHOT.volumeSnapshot)!;
    expect(envOf(seedJob)).toMatchObject({ ACTION: "seed", VOLUME_SNAPSHOT: SEED_FROM_VOLUME_SNAPSHOT.volumeSnapshot });
    expect(envOf(seedJob).REQUESTED_AT).toBeUndefined();
    expect(seedJob.depends_on).toContain(`kubernetes_manifest.${snapshotAddress}`);
    // It replaces the claim Terraform creates for the new ordinal, so it runs after it.
    expect(seedJob.depends_on).toContain(`kubernetes_persistent_volume_claim_v1.${named("kubernetes_persistent_volume_claim_v1", "data-daemon-bitcoin-regtest-sts-1", csi)[0]}`);
    expect(Object.values<any>(csi.resource.kubernetes_stateful_set_v1!)[0].depends_on).toContain(`kubernetes_job_v1.${seedAddress}`);
    expect(Object.values<any>(csi.resource.kubernetes_stateful_set_v1!)[0].depends_on).not.toContain(`kubernetes_job_v1.${named("kubernetes_job_v1", "bitcoin-regtest-replace-indexer-0", csi)[0]}`);
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
