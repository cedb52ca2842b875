/** Checklist section D: NetworkPolicy coverage, and that the cluster enforces it. */
import type { Check, PolicyObject, StackView } from "../check";
import { list, one, podTemplate, selects, WORKLOAD_TYPES } from "../json";

const POLICY_TYPES = ["kubernetes_network_policy_v1", "kubernetes_network_policy"];
/** The instance metadata service: a pod that reaches it gets the node's credentials. */
export const IMDS = "169.254.169.254/32";

function policiesIn(stack: StackView, namespace: string | undefined): PolicyObject[] {
  return POLICY_TYPES.flatMap((t) => stack.resources(t)).filter((p) => stack.namespaceOf(p) === namespace);
}

function isDefaultDeny(policy: PolicyObject): boolean {
  const spec = one(policy.body.spec) ?? {};
  const selector = one(spec.pod_selector) ?? {};
  const empty = Object.keys(selector.match_labels ?? {}).length === 0 && list(selector.match_expressions).length === 0;
  const types = list(spec.policy_types);
  return empty && types.includes("Ingress") && types.includes("Egress") && list(spec.ingress).length === 0 && list(spec.egress).length === 0;
}

export const networkChecks: readonly Check[] = [
  {
    id: "D1",
    upstream: ["CKV2_K8S_6", "CIS EKS 4.3.2", "kube-score pod-networkpolicy", "Polaris missingNetworkPolicy"],
    title: "default-deny NetworkPolicy in every namespace with workloads",
    appliesTo: WORKLOAD_TYPES,
    evaluate: (object, stack) =>
      policiesIn(stack, stack.namespaceOf(object)).some(isDefaultDeny)
        ? []
        : [{ what: `namespace ${stack.namespaceOf(object) ?? "(unknown)"} has no default-deny NetworkPolicy`, fix: "add a policy with an empty podSelector, policyTypes Ingress and Egress and no rules" }],
  },
  {
    id: "D2",
    upstream: ["kube-score networkpolicy-targets-pod", "kube-linter dangling-networkpolicy", "KSV038"],
    title: "every NetworkPolicy selects pods of its namespace",
    appliesTo: POLICY_TYPES,
    evaluate: (object, stack) => {
      const selector = one(one(object.body.spec)?.pod_selector)?.match_labels ?? {};
      if (Object.keys(selector).length === 0) return [];
      const namespace = stack.namespaceOf(object);
      const pods = WORKLOAD_TYPES.flatMap((t) => stack.resources(t)).filter((w) => stack.namespaceOf(w) === namespace);
      return pods.some((w) => selects(selector, podTemplate(w)!.labels)) ? [] : [{ what: `pod_selector ${JSON.stringify(selector)} selects no pod`, fix: "select the workload's labels or remove the policy" }];
    },
  },
  {
    id: "D3",
    upstream: ["project rule", "AWS EKS best practices (block IMDS from pods)"],
    title: "rules open to the internet except the instance metadata service",
    appliesTo: POLICY_TYPES,
    evaluate: (object) => {
      const spec = one(object.body.spec) ?? {};
      const peers = [...list(spec.ingress).flatMap((r) => list(r.from)), ...list(spec.egress).flatMap((r) => list(r.to))];
      return peers
        .map((peer) => one(peer.ip_block))
        .filter((block) => block?.cidr === "0.0.0.0/0" && !list(block.except).includes(IMDS))
        .map(() => ({ what: `ip_block 0.0.0.0/0 without except ${IMDS}`, fix: `add except: ["${IMDS}"] so pods never reach the node's credentials` }));
    },
  },
  {
    id: "D4",
    upstream: ["CIS EKS 4.3.1", "CIS EKS 5.4.4", "AWS VPC CNI network policy FAQ"],
    title: "the VPC CNI enforces NetworkPolicies",
    appliesTo: ["aws_eks_addon"],
    selects: (object) => object.body.addon_name === "vpc-cni",
    evaluate: (object) => {
      let values: any = {};
      try {
        values = JSON.parse(String(object.body.configuration_values ?? "{}"));
      } catch {
        values = {};
      }
      return values.enableNetworkPolicy === "true" ? [] : [{ what: "vpc-cni configuration_values lack enableNetworkPolicy: \"true\"", fix: 'set configuration_values to {"enableNetworkPolicy":"true"}; without it NetworkPolicies do nothing' }];
    },
  },
];
