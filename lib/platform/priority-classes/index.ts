import { PriorityClassV1 } from "@cdktf/provider-kubernetes/lib/priority-class-v1";
import { Construct } from "constructs";
import { platformLabels, platformNames } from "../../core/names";

/** Priority of the platform's pods (Traefik, cert-manager, external-dns, monitoring); above unclassed pods (0). */
export const PLATFORM_PRIORITY = 100_000;
/** Priority of chain pods: above the platform's, far below system-cluster-critical (2,000,000,000). */
export const CHAIN_PRIORITY = 1_000_000;

/**
 * The two PriorityClasses coin and platform pods name. When nodes run short, the
 * scheduler preempts lower-priority pods: a chain pod, pinned to its zone by its EBS
 * volumes and days from synced if it is gone, takes the place of a platform pod, which
 * restarts anywhere in seconds; never the other way round.
 */
export class PriorityClasses extends Construct {
  readonly chain: PriorityClassV1;
  readonly platform: PriorityClassV1;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.chain = new PriorityClassV1(this, "chain", {
      metadata: { name: platformNames.priorityClass.chain, labels: platformLabels("priority-classes") },
      value: CHAIN_PRIORITY,
      description: "Blockchain node and indexer pods (coinstacks): preempt platform pods rather than wait",
    });
    this.platform = new PriorityClassV1(this, "platform", {
      metadata: { name: platformNames.priorityClass.platform, labels: platformLabels("priority-classes") },
      value: PLATFORM_PRIORITY,
      description: "Platform add-ons (ingress, certificates, DNS, monitoring): below chain pods",
    });
  }
}
