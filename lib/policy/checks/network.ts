/** Checklist section D: NetworkPolicy coverage, and that the cluster enforces it. */
import { cidrContains, isIpv4Block, LINK_LOCAL_CIDR } from "../../core/cluster-network";
import type { Check, PolicyObject, StackView } from "../check";
import { list, one, podTemplate, selects, WORKLOAD_TYPES } from "../json";

const POLICY_TYPES = ["kubernetes_network_policy_v1", "kubernetes_network_policy"];

/** The ranges of `required` that no CIDR of `except` covers. */
function uncovered(required: readonly string[], except: readonly string[]): string[] {
  const blocks = except.filter(isIpv4Block);
  return required.filter((range) => !blocks.some((block) => cidrContains(block, range)));
}

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
    // A chart's pods and their labels are not in the stack's JSON: policies in a Helm release's namespace cannot be matched here.
    selects: (object, stack) => !stack.resources("helm_release").some((release) => stack.namespaceOf(release) === stack.namespaceOf(object)),
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
    title: "rules open to the internet except link-local (IMDS, Pod Identity agent); egress also except the cluster's own network",
    appliesTo: POLICY_TYPES,
    evaluate: (object, stack) => {
      const spec = one(object.body.spec) ?? {};
      const internal = stack.context.internalCidrs ?? [];
      const open = (peers: any[], direction: "ingress" | "egress", required: readonly string[]) =>
        peers
          .map((peer) => one(peer.ip_block))
          .filter((block) => block?.cidr === "0.0.0.0/0")
          .flatMap((block) => {
            const missing = uncovered(required, list(block.except));
            return missing.length === 0
              ? []
              : [
                  {
                    what: `${direction} ip_block 0.0.0.0/0 does not except ${missing.join(", ")}`,
                    fix: `add except ${JSON.stringify(missing)}: link-local holds the node's credentials (IMDS, Pod Identity agent); the cluster's own network (network.internalCidrs, the VPC) holds kubelet, the API endpoint and webhooks`,
                  },
                ];
          });
      return [
        ...open(list(spec.ingress).flatMap((r) => list(r.from)), "ingress", [LINK_LOCAL_CIDR]),
        ...open(list(spec.egress).flatMap((r) => list(r.to)), "egress", [LINK_LOCAL_CIDR, ...internal]),
      ];
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
