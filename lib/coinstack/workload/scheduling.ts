/** Where a coinstack's pods may run: zones, the node group's labels and taints, one replica per node. */
import { tolerationsOf } from "../../aws/node-group";
import type { ResolvedCoinstack } from "../resolve";

/** Node affinity keeping pods in the configured zones. */
export function zoneAffinity(zones: readonly string[]) {
  if (zones.length === 0) return undefined;
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerm: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: [...zones] }] }],
      },
    },
  };
}

/** Node selector and tolerations: the configured node group's labels and taints, then the explicit ones. */
export function nodePlacement(coinstack: ResolvedCoinstack) {
  const scheduling = coinstack.settings.scheduling;
  const group = coinstack.env.cluster?.nodeGroups.find((g) => g.name === scheduling.nodeGroup);
  return {
    nodeSelector: { ...(group?.labels ?? {}), ...scheduling.nodeSelector },
    tolerations: [...tolerationsOf(group?.taints ?? []), ...scheduling.tolerations],
  };
}

/**
 * Never two replicas on one node; spread over zones when capacity allows (EBS volumes pin a pod to its zone).
 * Set at any replica count (one pod satisfies them trivially), so raising replicas from 1 leaves the pod
 * template, and the running pod, as they are.
 */
export function spreadConstraints(coinstack: ResolvedCoinstack) {
  const labelSelector = [{ matchLabels: coinstack.names.selectorLabels }];
  return [
    { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector },
    { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector },
  ];
}
