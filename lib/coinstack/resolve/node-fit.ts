/**
 * Every pod of a coin fits a node it may run on: the sum of its containers' requests (the services,
 * their monitors, the sidecars) within what the smallest instance type of a node group it may run on
 * offers, less what the node keeps for itself. A pod that fits no node is Pending forever; this finds
 * it at synth, as it finds a node group whose nodes cannot hold all the coin pods placed on it. It may run on the node group `scheduling.nodeGroup` names, or else on any node group
 * without taints. Only clear cases are judged: custom node selectors or tolerations, and instance
 * types lib/config/instance-types.ts does not list, are left alone.
 */
import { formatPath } from "../../config/messages";
import { instanceCapacity, NODE_OVERHEAD } from "../../config/instance-types";
import { GIB, parseQuantity } from "../../config/quantity";
import type { EnvironmentConfig, NodeGroupConfig } from "../../config/schema";
import { MONITOR_RESOURCES } from "../workload/containers";
import type { ResolvedCoinstack } from "./types";

interface Requests {
  readonly cpu: number;
  readonly memoryGiB: number;
}

function podRequests(pod: ResolvedCoinstack): Requests {
  const all = [
    ...pod.services.flatMap((s) => [s.resources.requests, ...(s.monitor ? [MONITOR_RESOURCES.requests] : [])]),
    ...pod.sidecars.map((s) => s.resources.requests),
  ];
  return {
    cpu: all.reduce((sum, r) => sum + (parseQuantity(r.cpu) ?? 0), 0),
    memoryGiB: all.reduce((sum, r) => sum + (parseQuantity(r.memory) ?? 0), 0) / GIB,
  };
}

/** What a node of the group's smallest listed type offers a pod; undefined when a type is not listed. */
function groupOffers(group: NodeGroupConfig): Requests | undefined {
  const capacities = group.instanceTypes.map(instanceCapacity);
  if (capacities.some((c) => c === undefined)) return undefined;
  const smallest = capacities.reduce((a, b) => (a!.memoryGiB <= b!.memoryGiB ? a : b))!;
  return { cpu: smallest.cpu - NODE_OVERHEAD.cpu, memoryGiB: smallest.memoryGiB - NODE_OVERHEAD.memoryGiB };
}

/** The node groups a coin's pods may run on; undefined when that is not clear from config. */
function eligibleGroups(env: EnvironmentConfig, coinstack: ResolvedCoinstack): NodeGroupConfig[] | undefined {
  const { scheduling } = coinstack.settings;
  const groups = env.cluster?.nodeGroups ?? [];
  if (scheduling.nodeGroup !== undefined) return groups.filter((g) => g.name === scheduling.nodeGroup);
  if (Object.keys(scheduling.nodeSelector).length > 0 || scheduling.tolerations.length > 0) return undefined;
  return groups.filter((g) => g.taints.every((t) => t.effect === "PREFER_NO_SCHEDULE"));
}

const round = (n: number): string => String(Math.round(n * 100) / 100);

function fitProblem(env: EnvironmentConfig, coinstack: ResolvedCoinstack, pod: ResolvedCoinstack): string | undefined {
  const groups = eligibleGroups(env, coinstack);
  if (!groups) return undefined;
  const path = formatPath(["coins", coinstack.coin, "scheduling", "nodeGroup"]);
  if (groups.length === 0 && coinstack.settings.scheduling.nodeGroup === undefined && (env.cluster?.nodeGroups.length ?? 0) > 0) {
    return `config/${env.name}.yaml: ${path}: expected a node group for ${pod.names.statefulSet}'s pods: every node group is tainted, so they may run on none, got nothing`;
  }
  if (groups.length === 0) return undefined;
  const offers = groups.map((g) => ({ group: g, offers: groupOffers(g) }));
  if (offers.some((o) => o.offers === undefined)) return undefined;
  const needs = podRequests(pod);
  if (offers.some(({ offers: o }) => needs.cpu <= o!.cpu && needs.memoryGiB <= o!.memoryGiB)) return undefined;
  const nodeGroup = coinstack.settings.scheduling.nodeGroup;
  const what = offers.map(({ group, offers: o }) => `${group.name} (${group.instanceTypes.join(", ")}) offers ${round(o!.cpu)} CPU and ${round(o!.memoryGiB)} GiB`).join("; ");
  const got = nodeGroup === undefined ? "nothing" : JSON.stringify(nodeGroup);
  return `config/${env.name}.yaml: ${path}: expected a node group whose nodes fit ${pod.names.statefulSet}'s pods, which request ${round(needs.cpu)} CPU and ${round(needs.memoryGiB)} GiB (${what}, after what a node keeps for itself), got ${got}`;
}

/**
 * A node group's nodes hold every coin pod placed on it: no autoscaler runs, so desiredSize is the
 * number of nodes, and the replicas' requests together must not exceed what those nodes offer (a
 * necessary condition; packing may need more). Pods that may run on several groups are not counted.
 */
function groupTotalProblems(env: EnvironmentConfig, coinstacks: readonly ResolvedCoinstack[]): string[] {
  return (env.cluster?.nodeGroups ?? []).flatMap((group, index) => {
    const offers = groupOffers(group);
    if (!offers) return [];
    const placed = coinstacks.flatMap((coinstack) => {
      const groups = eligibleGroups(env, coinstack);
      if (groups?.length !== 1 || groups[0] !== group) return [];
      return [coinstack, ...coinstack.workloads].map((pod) => ({ pod, replicas: pod.settings.replicas, needs: podRequests(pod) }));
    });
    const cpu = placed.reduce((sum, p) => sum + p.replicas * p.needs.cpu, 0);
    const memoryGiB = placed.reduce((sum, p) => sum + p.replicas * p.needs.memoryGiB, 0);
    if (cpu <= group.desiredSize * offers.cpu && memoryGiB <= group.desiredSize * offers.memoryGiB) return [];
    const path = formatPath(["cluster", "nodeGroups", index, "desiredSize"]);
    const nodes = Math.ceil(Math.max(cpu / offers.cpu, memoryGiB / offers.memoryGiB));
    return [`config/${env.name}.yaml: ${path}: expected at least ${nodes} nodes: the coin pods placed on ${group.name} request ${round(cpu)} CPU and ${round(memoryGiB)} GiB in all, and a node (the smallest of ${group.instanceTypes.join(", ")}) offers ${round(offers.cpu)} CPU and ${round(offers.memoryGiB)} GiB (no autoscaler runs: desiredSize is the number of nodes), got ${group.desiredSize}`];
  });
}

export function nodeFitProblems(env: EnvironmentConfig, coinstacks: readonly ResolvedCoinstack[]): string[] {
  const perPod = coinstacks.flatMap((coinstack) => [coinstack, ...coinstack.workloads].flatMap((pod) => fitProblem(env, coinstack, pod) ?? []));
  return [...perPod, ...(perPod.length === 0 ? groupTotalProblems(env, coinstacks) : [])];
}
