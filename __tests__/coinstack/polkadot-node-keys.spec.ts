/**
 * Polkadot node keys never leave their pod: no Secret holds one, no pod mounts one, and the
 * validator shares nothing with the public full nodes. Each node generates its key on its own
 * volume (init.sh); in protected mode each publishes only its public peer ID, through a peer-id
 * sidecar that only the other workload may reach.
 */
import { synthCoin } from "../helpers/coinstack";
import { allStrings, resourcesOf, type SynthesizedStack } from "../helpers/synth";
import { PEER_ID_PUBLISHER_IMAGE } from "../../coinstacks/substrate";

function polkadot(validator?: Record<string, unknown>, extra: Record<string, unknown> = {}): SynthesizedStack {
  return synthCoin("polkadot", { env: "prod", settings: { replicas: 2, p2p: { exposure: "LoadBalancer" }, ...(validator ? { workloads: { validator } } : {}), ...extra } });
}

const variants: [string, SynthesizedStack][] = [
  ["no validator", polkadot()],
  ["validator", polkadot({ enabled: true })],
  ["protected validator", polkadot({ enabled: true, protected: true })],
];
const guarded = variants[2]![1];

function statefulSets(stack: SynthesizedStack): Record<string, any> {
  return Object.fromEntries(resourcesOf(stack, "kubernetes_stateful_set_v1").map(([, body]) => [body.metadata.name, body]));
}

function containers(sts: any): any[] {
  return sts.spec.template.spec.container;
}

describe.each(variants)("polkadot (%s)", (_label, stack) => {
  it("has no Secret and no ephemeral or random key generator", () => {
    expect(resourcesOf(stack, "kubernetes_secret_v1")).toEqual([]);
    expect(resourcesOf(stack, "random_id")).toEqual([]);
    expect((stack as any).ephemeral).toBeUndefined();
  });

  it("mounts no Secret in any pod: every node key stays on its own volume", () => {
    for (const sts of Object.values(statefulSets(stack))) {
      expect(sts.spec.template.spec.volume.filter((v: any) => v.secret)).toEqual([]);
      for (const container of containers(sts)) expect((container.volume_mount ?? []).map((m: any) => m.mount_path)).not.toContain("/secrets");
    }
  });

  it("names no node key file in any environment (init.sh keeps it at $DATA_DIR/node-key)", () => {
    expect(allStrings(stack).filter((s) => /node-key/.test(s) && !s.includes("#!/bin/sh"))).toEqual([]);
  });
});

describe("protected mode", () => {
  it("gives the full nodes and the validator a peer-id publisher on 30334, sharing /tmp with the node", () => {
    for (const sts of Object.values(statefulSets(guarded))) {
      const publisher = containers(sts).find((c) => c.name.endsWith("-peer-id"));
      expect(publisher.image).toBe(PEER_ID_PUBLISHER_IMAGE);
      expect(publisher.port).toEqual([expect.objectContaining({ container_port: 30334 })]);
      expect(publisher.command.join(" ")).toContain("httpd -f -p 30334 -h /tmp/peer-id");
      expect(publisher.volume_mount).toContainEqual(expect.objectContaining({ mount_path: "/tmp" }));
      const daemon = containers(sts).find((c) => c.name.endsWith("-daemon"));
      expect(daemon.env).toEqual(expect.arrayContaining([{ name: "PEER_ID_DIR", value: "/tmp/peer-id" }, { name: "PEER_ID_PORT", value: "30334" }]));
    }
  });

  it("serves the peer ID to the other workload only: never on the client Service or a public P2P Service", () => {
    const services = resourcesOf(guarded, "kubernetes_service_v1").map(([, s]) => s);
    const exposing = services.filter((s) => s.spec.port.some((p: any) => p.port === 30334)).map((s) => s.metadata.name);
    expect(exposing.sort()).toEqual(["polkadot-headless", "polkadot-validator-headless"]);
  });

  it("has no publisher outside protected mode", () => {
    for (const [, stack] of variants.slice(0, 2)) {
      for (const sts of Object.values(statefulSets(stack))) expect(containers(sts).map((c) => c.name).filter((n: string) => n.endsWith("-peer-id"))).toEqual([]);
    }
  });
});
