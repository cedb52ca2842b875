import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { readVolumeFloors } from "../../lib/coinstack/resolve";
import { ConfigError } from "../../lib/config/messages";
import { currentVolumeSizes } from "../../scripts/record-volume-floors";
import { coinStack, statefulSet, synthCoin } from "../helpers/coinstack";
import { resourcesOf, type SynthesizedStack } from "../helpers/synth";

const daemonStorage = (storage: Record<string, unknown>) => ({
  replicas: 2,
  services: { daemon: { storage } },
});

describe("Terraform-owned volumes", () => {
  const synthesized = Testing.synth(coinStack("bitcoin", { settings: daemonStorage({ size: "650Gi", iops: 4000, throughput: 250 }) }));
  const stack = JSON.parse(synthesized) as SynthesizedStack;
  const claims: Record<string, any> = Object.fromEntries(resourcesOf(stack, "kubernetes_persistent_volume_claim_v1").map(([, c]) => [c.metadata.name, c]));

  it("creates one claim per service per ordinal, named as the StatefulSet controller names them", () => {
    expect(Object.keys(claims).sort()).toEqual([
      "data-daemon-bitcoin-sts-0",
      "data-daemon-bitcoin-sts-1",
      "data-indexer-bitcoin-sts-0",
      "data-indexer-bitcoin-sts-1",
    ]);
    expect(statefulSet(stack).spec.volume_claim_template.map((t: any) => t.metadata.name)).toEqual(["data-daemon", "data-indexer"]);
  });
  it("does not wait for binding (the class binds on first consumer) and cannot be destroyed", () => {
    for (const claim of Object.values(claims)) {
      expect(claim.wait_until_bound).toBe(false);
      expect(claim.lifecycle).toEqual({ prevent_destroy: true });
    }
  });
  it("carries size, IOPS and throughput on the claim", () => {
    expect(synthesized).toHaveResourceWithProperties(PersistentVolumeClaimV1, {
      metadata: expect.objectContaining({ name: "data-daemon-bitcoin-sts-1", annotations: { "ebs.csi.aws.com/iops": "4000", "ebs.csi.aws.com/throughput": "250" } }),
      spec: expect.objectContaining({ storage_class_name: "gp3", resources: expect.objectContaining({ requests: { storage: "650Gi" } }) }),
    });
  });
  it("exists before the StatefulSet that adopts it", () => {
    const dependsOn: string[] = statefulSet(stack).depends_on;
    for (const [name] of resourcesOf(stack, "kubernetes_persistent_volume_claim_v1")) {
      expect(dependsOn).toContain(`kubernetes_persistent_volume_claim_v1.${name}`);
    }
  });
});

describe("changing a volume in config", () => {
  const before = synthCoin("bitcoin", { settings: daemonStorage({ size: "650Gi", iops: 3000, throughput: 125 }) });
  const after = synthCoin("bitcoin", { settings: daemonStorage({ size: "800Gi", iops: 6000, throughput: 400 }) });
  // The claim templates follow the configured size but sit under ignore_changes: Terraform never plans a change there.
  const planned = (body: any) => (body?.spec?.volume_claim_template ? { ...body, spec: { ...body.spec, volume_claim_template: "(ignored)" } } : body);
  const changed = (type: string) =>
    Object.keys(before.resource[type] ?? {}).filter((name) => JSON.stringify(planned(before.resource[type]![name])) !== JSON.stringify(planned(after.resource[type]![name])));

  it("changes only the daemon claims", () => {
    const types = new Set([...Object.keys(before.resource), ...Object.keys(after.resource)]);
    const changedTypes = [...types].filter((type) => changed(type).length > 0);
    expect(changedTypes).toEqual(["kubernetes_persistent_volume_claim_v1"]);
    expect(changed("kubernetes_persistent_volume_claim_v1").sort()).toEqual([
      expect.stringContaining("data-daemon-bitcoin-sts-0"),
      expect.stringContaining("data-daemon-bitcoin-sts-1"),
    ]);
  });
  it("leaves the StatefulSet byte-for-byte untouched outside its ignored claim templates", () => {
    expect(JSON.stringify(planned(statefulSet(after)))).toBe(JSON.stringify(planned(statefulSet(before))));
  });
  it("keeps the claims' resource addresses, so the change is in place", () => {
    expect(Object.keys(after.resource.kubernetes_persistent_volume_claim_v1!)).toEqual(Object.keys(before.resource.kubernetes_persistent_volume_claim_v1!));
  });
});

describe("shrinking a volume", () => {
  const floors = { dev: { bitcoin: { daemon: "650Gi" } } };
  it("is refused at synth with the recorded size", () => {
    expect(() => coinStack("bitcoin", { settings: daemonStorage({ size: "600Gi" }), volumeFloors: floors })).toThrow(
      'config/dev.yaml: coins.bitcoin.services.daemon.storage.size: expected at least 650Gi: volumes only grow (current size recorded in config/volume-floors.json; 650Gi of chain data would not fit), got "600Gi"',
    );
  });
  it("is a ConfigError, not a stack trace", () => {
    expect(() => coinStack("bitcoin", { settings: daemonStorage({ size: "1Ti" }), volumeFloors: { dev: { bitcoin: { daemon: "2Ti" } } } })).toThrow(ConfigError);
  });
  it("allows growing past the recorded size", () => {
    expect(() => coinStack("bitcoin", { settings: daemonStorage({ size: "700Gi" }), volumeFloors: floors })).not.toThrow();
  });
});

describe("the committed volume floors", () => {
  it("match every shipped environment's current sizes (run npm run volumes:record after growing one)", () => {
    expect(currentVolumeSizes()).toEqual(readVolumeFloors());
  });
});

describe("a cluster without gp3 (local)", () => {
  const synthesized = Testing.synth(coinStack("bitcoin", { env: "local" }));
  it("uses the cluster's default class and no EBS annotations", () => {
    expect(synthesized).toHaveResource(PersistentVolumeClaimV1);
    expect(synthesized).not.toHaveResourceWithProperties(PersistentVolumeClaimV1, { spec: expect.objectContaining({ storage_class_name: expect.anything() }) });
    for (const [, claim] of resourcesOf(JSON.parse(synthesized), "kubernetes_persistent_volume_claim_v1")) expect(claim.metadata.annotations).toEqual({});
  });
});
