/**
 * Issue 13, items 6 and 7: a claim the StatefulSet controller makes from its
 * template gets the configured volume, and inbound P2P stays published while a
 * pod is not ready (initial sync).
 */
import { resourcesOf } from "../helpers/synth";
import { statefulSet, synthCoin } from "../helpers/coinstack";

const prodBitcoin = synthCoin("bitcoin", { env: "prod" });

describe("the StatefulSet's claim templates", () => {
  const templates = statefulSet(prodBitcoin).spec.volume_claim_template;

  it("carry each service's configured size, not a placeholder", () => {
    expect(templates.map((t: any) => [t.metadata.name, t.spec.resources.requests.storage])).toEqual([
      ["data-daemon", "700Gi"],
      ["data-indexer", "500Gi"],
    ]);
  });

  it("carry the configured IOPS and throughput, as the claims Terraform makes do", () => {
    expect(templates[0].metadata.annotations).toEqual({ "ebs.csi.aws.com/iops": "4000", "ebs.csi.aws.com/throughput": "250" });
  });

  it("stay under ignore_changes, so a later size change never replaces the StatefulSet", () => {
    expect(statefulSet(prodBitcoin).lifecycle.ignore_changes).toContain("spec[0].volume_claim_template");
  });
});

describe("the per-pod P2P Services", () => {
  it("publish not-ready addresses, so peers reach a pod during its initial sync", () => {
    const p2p = resourcesOf(prodBitcoin, "kubernetes_service_v1").filter(([, s]) => /-p2p-\d+$/.test(s.metadata.name));
    expect(p2p.map(([, s]) => s.metadata.name)).toEqual(["bitcoin-p2p-0", "bitcoin-p2p-1"]);
    for (const [, service] of p2p) expect(service.spec.publish_not_ready_addresses).toBe(true);
  });
});
