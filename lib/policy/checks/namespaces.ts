/** Checklist section G (namespaces) and A14 (nothing in the default namespace). */
import type { Check, PolicyObject, StackView } from "../check";
import { one, WORKLOAD_TYPES } from "../json";

/** Kubernetes resource types that are not namespaced. */
const CLUSTER_SCOPED_TYPES = new Set([
  "kubernetes_namespace_v1",
  "kubernetes_namespace",
  "kubernetes_storage_class_v1",
  "kubernetes_storage_class",
  "kubernetes_cluster_role_v1",
  "kubernetes_cluster_role_binding_v1",
  "kubernetes_persistent_volume_v1",
  "kubernetes_priority_class_v1",
  "kubernetes_validating_webhook_configuration_v1",
  "kubernetes_mutating_webhook_configuration_v1",
  "kubernetes_manifest",
  "kubernetes_labels",
  "kubernetes_annotations",
]);
const CLUSTER_SCOPED_KINDS = new Set([
  "ClusterIssuer",
  "ClusterRole",
  "ClusterRoleBinding",
  "Namespace",
  "StorageClass",
  "VolumeSnapshotClass",
  "CustomResourceDefinition",
  "PriorityClass",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
]);
const PSS_LABELS = ["enforce", "audit", "warn"].map((mode) => `pod-security.kubernetes.io/${mode}`);

function namespacesWithWorkloads(stack: StackView): Set<string | undefined> {
  return new Set(WORKLOAD_TYPES.flatMap((t) => stack.resources(t)).map((w) => stack.namespaceOf(w)));
}

function namespaceOfObject(object: PolicyObject): unknown {
  if (object.type === "helm_release") return object.body.namespace;
  if (object.type === "kubernetes_manifest") return object.body.manifest?.metadata?.namespace;
  return one(object.body.metadata)?.namespace;
}

/** Every namespaced Kubernetes object in the stack: typed resources, manifests and Helm releases. */
function isNamespaced(object: PolicyObject): boolean {
  if (object.type === "kubernetes_manifest") return !CLUSTER_SCOPED_KINDS.has(object.body.manifest?.kind);
  return object.type === "helm_release" || (object.type.startsWith("kubernetes_") && !CLUSTER_SCOPED_TYPES.has(object.type));
}

export const namespaceChecks: readonly Check[] = [
  {
    id: "A14",
    upstream: ["CKV_K8S_21", "KSV110", "CIS EKS 4.5.2", "kube-linter use-namespace"],
    title: "nothing in the default namespace",
    appliesTo: "*",
    selects: isNamespaced,
    evaluate: (object) => {
      const namespace = namespaceOfObject(object);
      return namespace === undefined || namespace === "default" ? [{ what: `namespace is ${namespace === undefined ? "unset (default)" : '"default"'}`, fix: "put it in its own namespace" }] : [];
    },
  },
  {
    id: "G1",
    upstream: ["Pod Security Admission", "PSS restricted"],
    title: "namespaces with workloads enforce Pod Security restricted",
    appliesTo: ["kubernetes_namespace_v1", "kubernetes_namespace"],
    selects: (object, stack) => namespacesWithWorkloads(stack).has(one(object.body.metadata)?.name),
    evaluate: (object) => {
      const labels = one(object.body.metadata)?.labels ?? {};
      const missing = PSS_LABELS.filter((key) => labels[key] !== "restricted");
      if (!labels["pod-security.kubernetes.io/enforce-version"]) missing.push("pod-security.kubernetes.io/enforce-version");
      return missing.length > 0 ? [{ what: `labels ${missing.join(", ")} missing or not restricted`, fix: "label the namespace enforce/audit/warn: restricted with an enforce-version" }] : [];
    },
  },
  {
    id: "G2",
    upstream: ["project rule"],
    title: "namespaces are Terraform resources, not created by Helm",
    appliesTo: ["helm_release"],
    evaluate: (object) =>
      object.body.create_namespace === true ? [{ what: "create_namespace is true", fix: "create the namespace with kubernetes_namespace_v1 (labels, NetworkPolicies, prevent_destroy apply)" }] : [],
  },
];

