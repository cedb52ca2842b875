/** Checklist section E: disruption budgets and placement. */
import type { Check, PolicyObject, StackView } from "../check";
import { integer, list, one, podTemplate, selects, STATEFUL_SET_TYPES } from "../json";

/** PodDisruptionBudgets of the stack as API-shaped specs, with their namespace. */
function budgets(stack: StackView): { namespace: string | undefined; spec: any; object: PolicyObject }[] {
  return stack
    .resources("kubernetes_manifest")
    .filter((m) => m.body.manifest?.kind === "PodDisruptionBudget")
    .map((m) => ({ namespace: m.body.manifest.metadata?.namespace, spec: m.body.manifest.spec ?? {}, object: m }));
}

function budgetFor(object: PolicyObject, stack: StackView) {
  const labels = podTemplate(object)!.labels;
  return budgets(stack).find((b) => b.namespace === stack.namespaceOf(object) && Object.keys(b.spec.selector?.matchLabels ?? {}).length > 0 && selects(b.spec.selector.matchLabels, labels));
}

const replicasOf = (object: PolicyObject) => integer(one(object.body.spec)?.replicas) ?? 1;

export const availabilityChecks: readonly Check[] = [
  {
    id: "E1",
    upstream: ["kube-score statefulset-has-poddisruptionbudget", "kube-score poddisruptionbudget-has-policy"],
    title: "a PodDisruptionBudget with a policy selects every StatefulSet",
    appliesTo: STATEFUL_SET_TYPES,
    evaluate: (object, stack) => {
      const budget = budgetFor(object, stack);
      if (!budget) return [{ what: "no PodDisruptionBudget selects its pods", fix: "add a PDB with maxUnavailable: 1 selecting the pods" }];
      return budget.spec.maxUnavailable === undefined && budget.spec.minAvailable === undefined ? [{ what: "its PDB sets neither minAvailable nor maxUnavailable", fix: "set maxUnavailable: 1" }] : [];
    },
  },
  {
    id: "E2",
    upstream: ["kube-linter pdb-min-available", "kube-linter pdb-max-unavailable", "Polaris pdbDisruptionsIsZero"],
    title: "the PDB never blocks every eviction (node upgrades fail after 15 min)",
    appliesTo: STATEFUL_SET_TYPES,
    evaluate: (object, stack) => {
      const spec = budgetFor(object, stack)?.spec;
      if (!spec) return [];
      const replicas = replicasOf(object);
      const max = spec.maxUnavailable;
      const blocks =
        max !== undefined
          ? max === 0 || max === "0%" || max === "0"
          : typeof spec.minAvailable === "number" ? spec.minAvailable >= replicas : spec.minAvailable === "100%";
      return blocks ? [{ what: `PDB ${JSON.stringify({ maxUnavailable: max, minAvailable: spec.minAvailable })} allows no eviction of ${replicas} replica(s)`, fix: "use maxUnavailable: 1" }] : [];
    },
  },
  {
    id: "E3",
    upstream: ["kube-linter pdb-unhealthy-pod-eviction-policy"],
    title: "unhealthyPodEvictionPolicy: AlwaysAllow",
    appliesTo: ["kubernetes_manifest"],
    selects: (object) => object.body.manifest?.kind === "PodDisruptionBudget",
    evaluate: (object) =>
      object.body.manifest.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow" ? [] : [{ what: "unhealthyPodEvictionPolicy is not AlwaysAllow", fix: "set it so a syncing (not ready) pod never blocks a drain" }],
  },
  {
    id: "E4",
    upstream: ["kube-score statefulset-has-host-podantiaffinity", "kube-score pod-topology-spread-constraints", "kube-linter no-anti-affinity", "Polaris topologySpreadConstraint"],
    title: "replicas spread over nodes",
    appliesTo: STATEFUL_SET_TYPES,
    selects: (object) => replicasOf(object) > 1,
    evaluate: (object) => {
      const spec = podTemplate(object)!.spec;
      const spread = list(spec.topology_spread_constraint).some((c) => c.topology_key === "kubernetes.io/hostname" && c.when_unsatisfiable === "DoNotSchedule");
      const antiAffinity = one(one(spec.affinity)?.pod_anti_affinity);
      return spread || antiAffinity ? [] : [{ what: `${replicasOf(object)} replicas with nothing keeping them on different nodes`, fix: "add a kubernetes.io/hostname topology spread constraint (DoNotSchedule)" }];
    },
  },
];
