import { container, synthCoin } from "../helpers/coinstack";
import { resourcesOf } from "../helpers/synth";

function services(stack: ReturnType<typeof synthCoin>): Record<string, any> {
  return Object.fromEntries(resourcesOf(stack, "kubernetes_service_v1").map(([, s]) => [s.metadata.name, s]));
}

describe("Services of dev-bitcoin", () => {
  const all = services(synthCoin("bitcoin"));

  it("governs the StatefulSet with a headless Service that publishes not-ready pods", () => {
    const headless = all["bitcoin-headless"];
    expect(headless.spec.cluster_ip).toBe("None");
    expect(headless.spec.publish_not_ready_addresses).toBe(true);
    expect(headless.spec.selector).toEqual({ app: "unchained", asset: "bitcoin", tier: "statefulservice" });
  });
  it("serves client ports through <asset>-svc, a ClusterIP that follows readiness", () => {
    const client = all["bitcoin-svc"];
    expect(client.spec.type).toBe("ClusterIP");
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
  const stack = synthCoin("bitcoin", { settings: { replicas: 3, p2p: { exposure: "NodePort", nodePortBase: 30400 } } });
  const all = services(stack);

  it("creates one Service per ordinal selecting exactly that pod", () => {
    for (const ordinal of [0, 1, 2]) {
      const service = all[`bitcoin-p2p-${ordinal}`];
      expect(service.spec.type).toBe("NodePort");
      expect(service.spec.selector["statefulset.kubernetes.io/pod-name"]).toBe(`bitcoin-sts-${ordinal}`);
    }
  });
  it("puts pod N on node port base + N", () => {
    expect([0, 1, 2].map((o) => all[`bitcoin-p2p-${o}`].spec.port[0].node_port)).toEqual([30400, 30401, 30402]);
  });
  it("keeps peers' source addresses (externalTrafficPolicy Local)", () => {
    expect(all["bitcoin-p2p-0"].spec.external_traffic_policy).toBe("Local");
  });
  it("hands the container the node's IP and the port base and stride to advertise", () => {
    const env = container(stack, "bitcoin-daemon").env;
    expect(env).toContainEqual({ name: "P2P_ADVERTISE_HOST", value_from: { field_ref: { field_path: "status.hostIP" } } });
    expect(env).toContainEqual({ name: "P2P_ADVERTISE_PORT_BASE_DAEMON_P2P", value: "30400" });
    expect(env).toContainEqual({ name: "P2P_ADVERTISE_PORT_STRIDE", value: "1" });
  });
});

describe("P2P exposed through load balancers", () => {
  const stack = synthCoin("bitcoin", { settings: { replicas: 2, p2p: { exposure: "LoadBalancer" } } });
  const all = services(stack);

  it("gives each pod its own NLB published as p2p-<ordinal>.<asset>.<label>.<root>", () => {
    expect(all["bitcoin-p2p-1"].spec.type).toBe("LoadBalancer");
    expect(all["bitcoin-p2p-1"].metadata.annotations).toEqual({
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "external-dns.alpha.kubernetes.io/hostname": "p2p-1.bitcoin.dev.coinstacks.example.com",
    });
  });
  it("hands the container the host template and the daemon's own port", () => {
    const env = container(stack, "bitcoin-daemon").env;
    expect(env).toContainEqual({ name: "P2P_ADVERTISE_HOST_TEMPLATE", value: "p2p-{index}.bitcoin.dev.coinstacks.example.com" });
    expect(env).toContainEqual({ name: "P2P_ADVERTISE_PORT_BASE_DAEMON_P2P", value: "8333" });
    expect(env).toContainEqual({ name: "P2P_ADVERTISE_PORT_STRIDE", value: "0" });
  });
});
