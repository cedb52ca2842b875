import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Construct } from "constructs";
import { terraformTextDeep } from "../core/terraform-text";

export interface AdmissionPolicyProps {
  /** The policy's and the binding's name (cluster-scoped). */
  readonly name: string;
  readonly labels: Record<string, string>;
  /** The namespace whose requests it sees. */
  readonly namespace: string;
  /** The requests it sees there. */
  readonly rule: { readonly apiGroups: string[]; readonly apiVersions: string[]; readonly operations: string[]; readonly resources: string[] };
  /** Which of those it judges (all must hold), as CEL. */
  readonly matchConditions: { readonly name: string; readonly expression: string }[];
  /** What each judged request must satisfy, as CEL; a failed one refuses it (Forbidden) with its message. */
  readonly validations: { readonly expression: string; readonly message: string }[];
}

/**
 * A ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, Kubernetes 1.30+) bound to Deny: what
 * RBAC cannot say of the coin's API Jobs (which object they may create or delete), said in CEL. Its
 * expressions quote only DNS names, so they need no escaping.
 */
export class AdmissionPolicy extends Construct {
  readonly policy: Manifest;
  readonly binding: Manifest;

  constructor(scope: Construct, id: string, props: AdmissionPolicyProps) {
    super(scope, id);
    this.policy = new Manifest(this, "policy", { manifest: terraformTextDeep(admissionPolicyObject(props)) });
    this.binding = new Manifest(this, "binding", {
      manifest: {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: props.name, labels: props.labels },
        spec: { policyName: props.name, validationActions: ["Deny"] },
      },
      dependsOn: [this.policy],
    });
  }
}

export function admissionPolicyObject(props: AdmissionPolicyProps) {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: { name: props.name, labels: props.labels },
    spec: {
      failurePolicy: "Fail",
      matchConstraints: {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": props.namespace } },
        resourceRules: [props.rule],
      },
      matchConditions: props.matchConditions,
      validations: props.validations.map((validation) => ({ ...validation, reason: "Forbidden" })),
    },
  };
}
