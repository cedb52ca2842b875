import type { Construct } from "constructs";
import { AdmissionPolicy, type AdmissionPolicyProps } from "../admission-policy";

/** The API group and kind of a claim's data source when it starts from a CSI snapshot. */
export const VOLUME_SNAPSHOT_SOURCE = { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot" } as const;

export interface ClaimSourcePolicyProps {
  /** The policy's and the binding's name (cluster-scoped). */
  readonly name: string;
  readonly namespace: string;
  readonly claim: string;
  readonly volumeSnapshot: string;
  /** The ServiceAccount of the Job that creates the claim: it may create this claim and no other. */
  readonly jobAccount: string;
  /** Where the hold comes from, for the message a refused creation gets. */
  readonly origin: string;
  readonly labels: Record<string, string>;
}

/**
 * A claim that starts from a VolumeSnapshot must be created by the Job with its `dataSourceRef`,
 * never from the StatefulSet's template, which would give the pod a new empty volume the moment
 * the old claim is gone. This admission policy holds that claim's name for the snapshot, and keeps
 * the Job's ServiceAccount, which RBAC cannot limit by name on create, to that one claim. The
 * StatefulSet controller, refused, retries until the Job's claim exists and then uses it.
 */
export class ClaimSourcePolicy extends AdmissionPolicy {
  constructor(scope: Construct, id: string, props: ClaimSourcePolicyProps) {
    super(scope, id, claimSourcePolicy(props));
  }
}

function claimSourcePolicy(props: ClaimSourcePolicyProps): AdmissionPolicyProps {
  const { claim, volumeSnapshot, namespace } = props;
  const jobUser = `system:serviceaccount:${namespace}:${props.jobAccount}`;
  const source = "object.spec.dataSourceRef";
  return {
    name: props.name,
    labels: props.labels,
    namespace,
    rule: { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["persistentvolumeclaims"] },
    matchConditions: [{ name: "the-claim-or-the-job", expression: `object.metadata.name == '${claim}' || request.userInfo.username == '${jobUser}'` }],
    validations: [
      { expression: `object.metadata.name == '${claim}'`, message: `${jobUser} creates claim ${claim} only (${props.origin})` },
      {
        expression: `has(${source}) && ${source}.apiGroup == '${VOLUME_SNAPSHOT_SOURCE.apiGroup}' && ${source}.kind == '${VOLUME_SNAPSHOT_SOURCE.kind}' && ${source}.name == '${volumeSnapshot}'`,
        message: `claim ${claim} starts from VolumeSnapshot ${volumeSnapshot} (${props.origin}): only the Job ${props.jobAccount} creates it`,
      },
    ],
  };
}
