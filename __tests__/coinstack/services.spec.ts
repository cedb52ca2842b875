import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { coinStack, container } from "../helpers/coinstack";
import { resourcesOf, type SynthesizedStack } from "../helpers/synth";

function services(stack: SynthesizedStack): Record<string, any> {
  return Object.fromEntries(resourcesOf(stack, "kubernetes_service_v1").map(([, s]) => [s.metadata.name, s]));
}

/** Properties of the Service named `name` whose spec contains `spec`. */
const service = (name: string, spec: Record<string, unknown>) => ({ metadata: expect.objectContaining({ name }), spec: expect.objectContaining(spec) });

describe("Services of dev-bitcoin", () => {
  const synthesized = Testing.synth(coinStack("bitcoin"));
  const all = services(JSON.parse(synthesized));

  it("governs the StatefulSet with a headless Service that publishes not-ready pods", () => {
    expect(synthesized).toHaveResourceWithProperties(
      ServiceV1,
      service("bitcoin-headless", { cluster_ip: "None", publish_not_ready_addresses: true, selector: { app: "unchained", asset: "bitcoin", tier: "statefulservice" } }),
    );
  });
  it("serves client ports through <asset>-svc, a ClusterIP that follows readiness", () => {
    expect(synthesized).toHaveResourceWithProperties(ServiceV1, service("bitcoin-svc", { type: "ClusterIP" }));
    const client = all["bitcoin-svc"];
    expect(client.spec.publish_not_ready_addresses).toBeUndefined();
    expect(client.spec.port.map((p: any) => p.name).sort()).toEqual(["daemon-rpc", "public"]);
  });
  it("keeps P2P off the client Service", () => {
    expect(all["bitcoin-svc"].spec.port.some((p: any) => p.name === "daemon-p2p")).toBe(false);
  });
  it("creates no per-pod P2P Service when exposure is none", () => {
    expect(Object.keys(all).filter((n) => n.includes("p2p"))).toEqual([]);
  });
});

describe("P2P exposed through NodePorts", () => {
  const synthesized = Testing.synth(coinStack("bitcoin", { settings: { replicas: 3, p2p: { exposure: "NodePort", nodePortBase: 30400 } } }));
  const stack = JSON.parse(synthesized);
  const all = services(stack);

  it.each([0, 1, 2])("creates a NodePort Service for pod %i selecting exactly that pod", (ordinal) => {
    expect(synthesized).toHaveResourceWithProperties(
      ServiceV1,
      service(`bitcoin-p2p-${ordinal}`, { type: "NodePort", selector: expect.objectContaining({ "statefulset.kubernetes.io/pod-name": `bitcoin-sts-${ordinal}` }) }),
    );
  });
  it("puts pod N on node port base + N", () => {
    expect([0, 1, 2].map((o) => all[`bitcoin-p2p-${o}`].spec.port[0].node_port)).toEqual([30400, 30401, 30402]);
  });
  it("keeps peers' source addresses (externalTrafficPolicy Local)", () => {
    expect(synthesized).toHaveResourceWithProperties(ServiceV1, service("bitcoin-p2p-0", { external_traffic_policy: "Local" }));
  });
  it("hands the container the node's IP and the port base and stride to advertise", () => {
    const env = container(stack, "bitcoin-daemon").env;
    expect(env).toContainEqual({ name: "P2P_ADVERTISE_HOST", value_from: { field_ref: { field_path: "status.hostIP" } } });
    expect(env).toContainEqual({ name: "P2P_ADVERTISE_PORT_BASE_DAEMON_P2P", value: "30400" });
    expect(env).toContainEqual({ name: "P2P_ADVERTISE_PORT_STRIDE", value: "1" });
  });
});

describe("P2P exposed through load balancers", () => {
  const synthesized = Testing.synth(coinStack("bitcoin", { settings: { replicas: 2, p2p: { exposure: "LoadBalancer" } } }));
  const stack = JSON.parse(synthesized);

  it("gives each pod its own NLB published as p2p-<ordinal>.<asset>.<label>.<root>", () => {
    expect(synthesized).toHaveResourceWithProperties(ServiceV1, {
      metadata: expect.objectContaining({
        name: "bitcoin-p2p-1",
        annotations: {
          "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
          "external-dns.alpha.kubernetes.io/hostname": "p2p-1.bitcoin.dev.coinstacks.example.com",
        },
      }),
      spec: expect.objectContaining({ type: "LoadBalancer" }),
    });
  });
  it("hands the container the host template and the daemon's own port", () => {
    const env = container(stack, "bitcoin-daemon").env;
    expect(env).toContainEqual({ name: "P2P_ADVERTISE_HOST_TEMPLATE", value: "p2p-{index}.bitcoin.dev.coinstacks.example.com" });
    expect(env).toContainEqual({ name: "P2P_ADVERTISE_PORT_BASE_DAEMON_P2P", value: "8333" });
    expect(env).toContainEqual({ name: "P2P_ADVERTISE_PORT_STRIDE", value: "0" });
  });
});
