/**
 * `coins.<coin>.volumeOperations` in the cluster: the PersistentVolume of each volume made from a
 * snapshot (seed, restore), and the Job that replaces the claim of a running ordinal (restore,
 * resync), and the VolumeSnapshot of each snapshot. The EBS volumes themselves are the coin stack's
 * (lib/aws/volume-from-snapshot).
 */
import type { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import type { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { dependable, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedCoinstack, ResolvedVolumeOperation } from "../resolve";
import { ClaimReplacement } from "./claim-replacement";
import { SnapshotVolume } from "./snapshot-volume";

export { REPLACE_CLAIM_SCRIPT } from "./claim-replacement";

export interface VolumeOperationsProps {
  readonly coinstack: ResolvedCoinstack;
  readonly namespace: string;
  /** The EBS volume id made from each operation's snapshot, by its PersistentVolume's name. */
  readonly volumeHandles: ReadonlyMap<string, string>;
}

export class VolumeOperations extends Construct {
  /** What each seeded claim is created after: the PersistentVolume reserved for it. */
  readonly createdAfter = new Map<string, ITerraformDependable[]>();
  /** The VolumeSnapshots of `snapshot` entries, by name. */
  readonly snapshots = new Map<string, Manifest>();
  /** What the StatefulSet is changed after: the Jobs that create seeded claims from VolumeSnapshots, before their ordinals start. */
  readonly statefulSetAfter: ITerraformDependable[] = [];
  /** The Jobs that seed a claim from a VolumeSnapshot, by claim: each replaces the claim Terraform creates. */
  private readonly seedJobs = new Map<string, JobV1>();

  constructor(scope: Construct, id: string, props: VolumeOperationsProps) {
    super(scope, id);
    const { coinstack, namespace } = props;
    for (const operation of coinstack.volumeOperations) {
      const volume = this.snapshotVolume(props, operation);
      if (volume && operation.action === "seed") this.createdAfter.set(operation.claim, [volume.volume]);
      if (operation.volumeSnapshot) this.snapshots.set(operation.volumeSnapshot.name, volumeSnapshot(this, coinstack, operation, namespace));
      if (operation.replacement?.current) {
        const { job } = new ClaimReplacement(this, `replace-${operation.service.name}-${operation.ordinal}`, {
          coinstack,
          operation: { ...operation, replacement: operation.replacement },
          namespace,
          snapshotVolume: volume?.name,
          origin: `config/${coinstack.env.name}.yaml: ${operation.entry}`,
          // A VolumeSnapshot this config takes is taken before a claim starts from it.
          dependsOn: [volume?.volume, this.snapshots.get(operation.fromVolumeSnapshot ?? "")].filter((d) => d !== undefined),
        });
        if (operation.action === "seed") {
          this.statefulSetAfter.push(job);
          this.seedJobs.set(operation.claim, job);
        }
      }
    }
  }

  /**
   * A seed's Job runs after Terraform created the new ordinal's claim (empty and unbound until its pod
   * starts), which it replaces by one from the VolumeSnapshot; the claims are made after this construct.
   */
  runSeedsAfter(claims: readonly PersistentVolumeClaimV1[]): void {
    for (const claim of claims) {
      // CoinVolumes names each claim's construct after the claim.
      const job = this.seedJobs.get(claim.node.id);
      if (job) job.dependsOn = [...(job.dependsOn ?? []), dependable(claim)];
    }
  }

  /** The PersistentVolume of a seed's or restore's EBS volume, reserved for its claim. */
  private snapshotVolume(props: VolumeOperationsProps, operation: ResolvedVolumeOperation): SnapshotVolume | undefined {
    const { fromSnapshot } = operation;
    if (!fromSnapshot) return undefined;
    const name = props.coinstack.names.snapshotVolume(operation.claim, fromSnapshot.snapshot);
    return new SnapshotVolume(this, `snapshot-volume-${name}`, {
      coinstack: props.coinstack,
      operation: { ...operation, fromSnapshot },
      namespace: props.namespace,
      volumeHandle: volumeHandleOf(props, name),
    });
  }
}

function volumeHandleOf(props: VolumeOperationsProps, snapshotVolume: string): string {
  const handle = props.volumeHandles.get(snapshotVolume);
  if (handle === undefined) throw new Error(`no EBS volume was made for ${snapshotVolume}: the coin stack makes one per seed and restore`);
  return handle;
}

/**
 * A CSI VolumeSnapshot of one claim, taken when Terraform creates it. Its class keeps the snapshot
 * when the object is deleted (ebs-retain: deletionPolicy Retain), so removing the entry later loses
 * nothing; the EBS snapshot's id is the status of its VolumeSnapshotContent.
 */
function volumeSnapshot(scope: Construct, coinstack: ResolvedCoinstack, operation: ResolvedVolumeOperation, namespace: string): Manifest {
  const { name, className } = operation.volumeSnapshot!;
  return new Manifest(scope, `volume-snapshot-${name}`, {
    manifest: {
      apiVersion: "snapshot.storage.k8s.io/v1",
      kind: "VolumeSnapshot",
      metadata: { name, namespace, labels: { ...coinstack.names.labels, "app.kubernetes.io/component": operation.service.name } },
      spec: { volumeSnapshotClassName: className, source: { persistentVolumeClaimName: operation.claim } },
    },
  });
}
