import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLAIM_REPLACEMENT_ANNOTATIONS } from "../../core/volume-tags";
import { ApiJob } from "../api-job";
import type { ResolvedCoinstack, ResolvedVolumeOperation } from "../resolve";
import { claimObject } from "../storage";
import { terraformTextDeep } from "../../core/terraform-text";
import { ClaimSourcePolicy, VOLUME_SNAPSHOT_SOURCE } from "./claim-source-policy";

/** The script the Job runs (POSIX sh, curl and jq: the monitor image's tools). */
export const REPLACE_CLAIM_SCRIPT = readFileSync(join(__dirname, "replace-claim.sh"), "utf8");

/** The old pod's grace period, then time for the new claim to bind, before the Job gives up. */
const BIND_SECONDS = 1200;

export interface ClaimReplacementProps {
  readonly coinstack: ResolvedCoinstack;
  readonly operation: ResolvedVolumeOperation & { readonly replacement: NonNullable<ResolvedVolumeOperation["replacement"]> };
  readonly namespace: string;
  /** restore from an EBS snapshot: the PersistentVolume the new claim must bind to. */
  readonly snapshotVolume?: string;
  /** Where the entry is in config (`config/<env>.yaml: coins.<coin>.volumeOperations[<i>]`), for the messages. */
  readonly origin: string;
  /** What must exist before the Job runs (the snapshot's PersistentVolume). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * One ordinal's claim replaced in the cluster by a Job Terraform runs once and waits for: a
 * ServiceAccount whose Role may read and delete exactly that claim and that pod, a NetworkPolicy
 * that lets it reach the API server only, and the Job. Terraform itself deletes no claim: the
 * claim resource keeps its name and spec, and reads the new claim as its own. From a VolumeSnapshot,
 * the Job creates the new claim itself, with the snapshot as its data source: it may also read that
 * snapshot and create that claim, which a ClaimSourcePolicy holds for it.
 */
export class ClaimReplacement extends Construct {
  readonly job: JobV1;

  constructor(scope: Construct, id: string, props: ClaimReplacementProps) {
    super(scope, id);
    const { coinstack, operation, namespace } = props;
    const name = coinstack.names.claimReplacementJob(operation.service.name, operation.ordinal);
    const fromVolumeSnapshot = operation.fromVolumeSnapshot;
    const access = new ApiJob(this, {
      coinstack,
      name,
      namespace,
      component: "claim-replacement",
      script: { file: "replace-claim.sh", text: REPLACE_CLAIM_SCRIPT },
      rules: [
        { apiGroups: [""], resources: ["persistentvolumeclaims"], resourceNames: [operation.claim], verbs: ["get", "delete"] },
        { apiGroups: [""], resources: ["pods"], resourceNames: [operation.pod], verbs: ["get", "delete"] },
        // RBAC cannot limit create to a name: the ClaimSourcePolicy limits it to this claim.
        ...(fromVolumeSnapshot
          ? [
              { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["create"] },
              { apiGroups: [VOLUME_SNAPSHOT_SOURCE.apiGroup], resources: ["volumesnapshots"], resourceNames: [fromVolumeSnapshot], verbs: ["get"] },
            ]
          : []),
      ],
    });
    const claimPolicy = coinstack.names.claimSourcePolicy(coinstack.names.namespace, operation.claim);
    const hold = fromVolumeSnapshot
      ? new ClaimSourcePolicy(this, "claim-source", {
          // The namespace's name as text: the policy's expressions and name are read in synth diffs.
          name: claimPolicy,
          namespace: coinstack.names.namespace,
          claim: operation.claim,
          volumeSnapshot: fromVolumeSnapshot,
          jobAccount: name,
          origin: props.origin,
          labels: access.labels,
        })
      : undefined;
    const volumeReader = this.volumeReader(coinstack, name, namespace, access.labels);
    const waitSeconds = coinstack.settings.terminationGracePeriodSeconds + BIND_SECONDS;
    const env = jobEnv(props, waitSeconds, hold ? claimPolicy : undefined);
    this.job = new JobV1(this, "job", {
      metadata: {
        name,
        namespace,
        labels: access.labels,
        annotations: terraformTextDeep({ [CLAIM_REPLACEMENT_ANNOTATIONS.claim]: operation.claim, [CLAIM_REPLACEMENT_ANNOTATIONS.reason]: operation.replacement.reason }),
      },
      spec: { backoffLimit: 2, template: access.podTemplate(env, waitSeconds) },
      waitForCompletion: true,
      timeouts: { create: `${waitSeconds + 600}s`, update: `${waitSeconds + 600}s` },
      dependsOn: [...access.prerequisites, volumeReader, ...(hold ? [hold.binding] : []), ...(props.dependsOn ?? [])],
    });
  }

  /**
   * Lets the Job read PersistentVolumes, to refuse deleting a claim whose volume would go with it
   * (reclaim policy Delete). Read only; a volume's name is known only once its claim is read, so
   * RBAC cannot narrow it to one.
   */
  private volumeReader(coinstack: ResolvedCoinstack, job: string, namespace: string, labels: Record<string, string>): ClusterRoleBindingV1 {
    const metadata = { name: coinstack.names.claimReplacementVolumeReader(job), labels };
    new ClusterRoleV1(this, "volume-reader", { metadata, rule: [{ apiGroups: [""], resources: ["persistentvolumes"], verbs: ["get"] }] });
    return new ClusterRoleBindingV1(this, "volume-reader-binding", {
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: metadata.name },
      subject: [{ kind: "ServiceAccount", name: job, namespace }],
    });
  }
}

/** @param claimPolicy from a VolumeSnapshot: the admission policy that holds the claim for it */
function jobEnv(props: ClaimReplacementProps, waitSeconds: number, claimPolicy: string | undefined): Record<string, string> {
  const { operation, namespace } = props;
  return {
    ACTION: operation.action,
    NAMESPACE: namespace,
    CLAIM: operation.claim,
    POD: operation.pod,
    ...(operation.replacement.requestedAt ? { REQUESTED_AT: operation.replacement.requestedAt } : {}),
    REASON: operation.replacement.reason,
    WAIT_SECONDS: String(waitSeconds),
    ...(props.snapshotVolume ? { SNAPSHOT_VOLUME: props.snapshotVolume } : {}),
    ...(operation.fromVolumeSnapshot && claimPolicy
      ? {
          VOLUME_SNAPSHOT: operation.fromVolumeSnapshot,
          CLAIM_POLICY: claimPolicy,
          CLAIM_MANIFEST: JSON.stringify(claimFromSnapshot(props, operation.fromVolumeSnapshot)),
        }
      : {}),
  };
}

/** The claim the Job creates: Terraform's claim of the ordinal, with the VolumeSnapshot as its data source. */
function claimFromSnapshot(props: ClaimReplacementProps, volumeSnapshot: string) {
  const claim = claimObject(props.coinstack, props.operation.service, props.operation.ordinal, props.namespace);
  return { ...claim, spec: { ...claim.spec, dataSourceRef: { ...VOLUME_SNAPSHOT_SOURCE, name: volumeSnapshot } } };
}
