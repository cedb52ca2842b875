import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Construct } from "constructs";
import { terraformTextDeep } from "../../core/terraform-text";

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
 * the old claim is gone. This ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, Kubernetes
 * 1.30+) holds that claim's name for the snapshot, and keeps the Job's ServiceAccount, which RBAC
 * cannot limit by name on create, to that one claim. The StatefulSet controller, refused, retries
 * until the Job's claim exists and then uses it.
 */
export class ClaimSourcePolicy extends Construct {
  readonly policy: Manifest;
  readonly binding: Manifest;

  constructor(scope: Construct, id: string, props: ClaimSourcePolicyProps) {
    super(scope, id);
    const metadata = { name: props.name, labels: props.labels };
    this.policy = new Manifest(this, "policy", { manifest: terraformTextDeep(claimSourcePolicy(props)) });
    this.binding = new Manifest(this, "binding", {
      manifest: {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata,
        spec: { policyName: props.name, validationActions: ["Deny"] },
      },
      dependsOn: [this.policy],
    });
  }
}

/** The policy object; its CEL expressions quote only DNS names, so no escaping is needed. */
export function claimSourcePolicy(props: ClaimSourcePolicyProps) {
  const { claim, volumeSnapshot, namespace } = props;
  const jobUser = `system:serviceaccount:${namespace}:${props.jobAccount}`;
  const source = "object.spec.dataSourceRef";
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: { name: props.name, labels: props.labels },
    spec: {
      failurePolicy: "Fail",
      matchConstraints: {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } },
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["persistentvolumeclaims"] }],
      },
      matchConditions: [{ name: "the-claim-or-the-job", expression: `object.metadata.name == '${claim}' || request.userInfo.username == '${jobUser}'` }],
      validations: [
        {
          expression: `object.metadata.name == '${claim}'`,
          message: `${jobUser} creates claim ${claim} only (${props.origin})`,
          reason: "Forbidden",
        },
        {
          expression: `has(${source}) && ${source}.apiGroup == '${VOLUME_SNAPSHOT_SOURCE.apiGroup}' && ${source}.kind == '${VOLUME_SNAPSHOT_SOURCE.kind}' && ${source}.name == '${volumeSnapshot}'`,
          message: `claim ${claim} starts from VolumeSnapshot ${volumeSnapshot} (${props.origin}): only the Job ${props.jobAccount} creates it`,
          reason: "Forbidden",
        },
      ],
    },
  };
}
