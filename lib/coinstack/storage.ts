import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedCoinstack, ResolvedService } from "./resolve";

/** PVC annotations the EBS CSI volume modifier turns into in-place ModifyVolume calls. */
export function volumeAnnotations(service: ResolvedService, gp3: boolean): Record<string, string> {
  if (!gp3) return {};
  const annotations: Record<string, string> = {};
  if (service.storage.iops !== undefined) annotations["ebs.csi.aws.com/iops"] = String(service.storage.iops);
  if (service.storage.throughput !== undefined) annotations["ebs.csi.aws.com/throughput"] = String(service.storage.throughput);
  return annotations;
}

/** Annotations of a service's claims, the Terraform-made ones and any the StatefulSet controller makes from its template. */
export function claimAnnotations(coinstack: ResolvedCoinstack, service: ResolvedService): Record<string, string> {
  return volumeAnnotations(service, coinstack.storageClassName === "gp3");
}

/**
 * A service's claim of one ordinal as the API server takes it: what Terraform creates, and what the
 * claim replacement Job creates from a VolumeSnapshot (with `dataSourceRef` added).
 */
export function claimObject(coinstack: ResolvedCoinstack, service: ResolvedService, ordinal: number, namespace: string) {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: coinstack.names.claim(service.name, ordinal),
      namespace,
      labels: { ...coinstack.names.selectorLabels, "app.kubernetes.io/component": service.name },
      annotations: claimAnnotations(coinstack, service),
    },
    spec: {
      accessModes: ["ReadWriteOnce"],
      storageClassName: coinstack.storageClassName,
      resources: { requests: { storage: service.storage.size } },
    },
  };
}

/**
 * One claim per service per ordinal, owned by Terraform and named exactly as
 * the StatefulSet controller names its claims, so the controller adopts them
 * instead of creating its own. Because they are ordinary resources, a bigger
 * size or new IOPS/throughput is an in-place update of the claim; the
 * StatefulSet (whose claim templates are immutable) is never touched.
 */
export class CoinVolumes extends Construct {
  readonly claims: PersistentVolumeClaimV1[] = [];

  /**
   * @param props.createdAfter what must exist before a claim is created, by claim name: the
   * PersistentVolume reserved for it, so that a seeded ordinal's claim never gets a new empty volume
   */
  constructor(scope: Construct, id: string, props: { coinstack: ResolvedCoinstack; namespace: string; createdAfter?: ReadonlyMap<string, readonly ITerraformDependable[]> }) {
    super(scope, id);
    const { coinstack } = props;
    for (const service of coinstack.services) {
      for (let ordinal = 0; ordinal < coinstack.settings.replicas; ordinal++) {
        const { metadata, spec } = claimObject(coinstack, service, ordinal, props.namespace);
        const { name } = metadata;
        this.claims.push(
          new PersistentVolumeClaimV1(this, name, {
            metadata,
            spec,
            // WaitForFirstConsumer: the claim binds when its pod is scheduled, after this apply.
            waitUntilBound: false,
            lifecycle: { preventDestroy: true },
            dependsOn: props.createdAfter?.get(name) ? [...props.createdAfter.get(name)!] : undefined,
          }),
        );
      }
    }
  }
}
