/** Checklist section F: storage and data retention. */
import { isDataBearing } from "../replacement";
import type { Check, Finding, PolicyObject, StackView } from "../check";
import { list, one, STATEFUL_SET_TYPES, WORKLOAD_TYPES } from "../json";

const CLAIM_TYPES = ["kubernetes_persistent_volume_claim_v1", "kubernetes_persistent_volume_claim"];
const NAMESPACE_TYPES = ["kubernetes_namespace_v1", "kubernetes_namespace"];

/** A namespace holds data when a claim or workload of the stack lives in it (deleting it deletes its claims). */
function holdsData(object: PolicyObject, stack: StackView): boolean {
  const name = one(object.body.metadata)?.name;
  return [...CLAIM_TYPES, ...WORKLOAD_TYPES].flatMap((t) => stack.resources(t)).some((r) => stack.namespaceOf(r) === name);
}

function claimProblems(label: string, spec: any): Finding[] {
  const modes = list(spec?.access_modes);
  const findings: Finding[] = [];
  if (modes.length !== 1 || modes[0] !== "ReadWriteOnce") findings.push({ what: `${label}access_modes ${JSON.stringify(modes)}`, fix: "use [ReadWriteOnce] (EBS volumes attach to one node)" });
  if (one(spec?.resources)?.requests?.storage === undefined) findings.push({ what: `${label}no storage request`, fix: "request the chain's size" });
  return findings;
}

export const storageChecks: readonly Check[] = [
  {
    id: "F1",
    upstream: ["aws-ebs-csi-driver parameters.md", "CKV_AWS_106", "AVD-AWS-0026"],
    title: "EBS StorageClass: gp3, encrypted, Retain, expandable, WaitForFirstConsumer",
    appliesTo: ["kubernetes_storage_class_v1", "kubernetes_storage_class"],
    evaluate: (object) => {
      const body = object.body;
      if (body.storage_provisioner !== "ebs.csi.aws.com") return [{ what: `storage_provisioner ${body.storage_provisioner}`, fix: "use ebs.csi.aws.com" }];
      const expected: [string, unknown, unknown][] = [
        ["parameters.type", body.parameters?.type, "gp3"],
        ["parameters.encrypted", body.parameters?.encrypted, "true"],
        ["reclaim_policy", body.reclaim_policy, "Retain"],
        ["allow_volume_expansion", body.allow_volume_expansion, true],
        ["volume_binding_mode", body.volume_binding_mode, "WaitForFirstConsumer"],
      ];
      return expected
        .filter(([, actual, wanted]) => actual !== wanted)
        .map(([key, actual, wanted]) => ({ what: `${key} is ${actual === undefined ? "unset (provider default)" : JSON.stringify(actual)}`, fix: `set ${key} = ${JSON.stringify(wanted)}` }));
    },
  },
  {
    id: "F2",
    upstream: ["project rule"],
    title: "claims and claim templates: ReadWriteOnce with a storage request",
    appliesTo: [...CLAIM_TYPES, ...STATEFUL_SET_TYPES],
    evaluate: (object) =>
      CLAIM_TYPES.includes(object.type)
        ? claimProblems("", one(object.body.spec))
        : list(one(object.body.spec)?.volume_claim_template).flatMap((t) => claimProblems(`claim template ${one(t.metadata)?.name}: `, one(t.spec))),
  },
  {
    id: "F3",
    upstream: ["Kubernetes StatefulSet PVC retention", "terraform-provider-kubernetes 2.25.0 (GH-2333)"],
    title: "claims retained when the StatefulSet is deleted or scaled down",
    appliesTo: STATEFUL_SET_TYPES,
    evaluate: (object) => {
      const policy = one(one(object.body.spec)?.persistent_volume_claim_retention_policy) ?? {};
      return policy.when_deleted === "Retain" && policy.when_scaled === "Retain"
        ? []
        : [{ what: `persistent_volume_claim_retention_policy ${JSON.stringify(policy)}`, fix: "set whenDeleted and whenScaled to Retain explicitly" }];
    },
  },
  {
    id: "F4",
    upstream: ["Terraform lifecycle.prevent_destroy", "checklist §5 incidents"],
    title: "prevent_destroy on every data-bearing resource",
    appliesTo: ["kubernetes_stateful_set_v1", ...CLAIM_TYPES, "kubernetes_storage_class_v1", "aws_s3_bucket", "aws_kms_key", "aws_backup_vault", "aws_eks_cluster", ...NAMESPACE_TYPES],
    selects: (object, stack) => (NAMESPACE_TYPES.includes(object.type) ? holdsData(object, stack) : isDataBearing(object.type) || CLAIM_TYPES.includes(object.type)),
    evaluate: (object) =>
      one(object.body.lifecycle)?.prevent_destroy === true ? [] : [{ what: "lifecycle.prevent_destroy is not true", fix: "set lifecycle { prevent_destroy = true } so no plan can destroy or replace it" }],
  },
];
