import { synthCoin } from "../helpers/coinstack";
import { resourcesOf } from "../helpers/synth";

describe("NetworkPolicies of dev-bitcoin", () => {
  const stack = synthCoin("bitcoin");
  const policies = Object.fromEntries(resourcesOf(stack, "kubernetes_network_policy_v1").map(([, p]) => [p.metadata.name, p.spec]));
  const pods = { match_labels: { app: "unchained", asset: "bitcoin", tier: "statefulservice" } };

  it("deny everything in the namespace by default", () => {
    expect(policies["default-deny"]).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
  });
  it("allow DNS to kube-dns only", () => {
    expect(policies["allow-dns"].egress).toEqual([
      {
        to: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } }, pod_selector: { match_labels: { "k8s-app": "kube-dns" } } }],
        ports: [
          { port: "53", protocol: "UDP" },
          { port: "53", protocol: "TCP" },
        ],
      },
    ]);
  });
  it("allow P2P in from anywhere except link-local, and out to public addresses only", () => {
    const p2p = policies["allow-p2p"];
    expect(p2p.ingress).toEqual([{ from: [{ ip_block: { cidr: "0.0.0.0/0", except: ["169.254.0.0/16"] } }], ports: [{ port: "8333", protocol: "TCP" }] }]);
    expect(p2p.egress).toEqual([{ to: [{ ip_block: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"] } }] }]);
  });
  it("allow RPC only from the coinstack's own pods", () => {
    const internal = policies["allow-coinstack-internal"];
    expect(internal.ingress).toEqual([{ from: [{ pod_selector: pods }], ports: expect.arrayContaining([{ port: "8332", protocol: "TCP" }]) }]);
    const everyIngress = Object.values(policies).flatMap((p: any) => p.ingress ?? []);
    const rpcRules = everyIngress.filter((rule: any) => rule.ports?.some((p: any) => p.port === "8332"));
    expect(rpcRules).toEqual([internal.ingress[0]]);
  });
  it("allow routed ports only from Traefik's namespace", () => {
    expect(policies["allow-ingress-controller"].ingress).toEqual([
      { from: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "traefik" } } }], ports: [{ port: "8001", protocol: "TCP" }] },
    ]);
  });
  it("allow API clients only from namespaces listed in config", () => {
    expect(policies["allow-clients"]).toBeUndefined();
    const withClients = synthCoin("bitcoin", { settings: { clientNamespaces: ["api"] } });
    const clients = resourcesOf(withClients, "kubernetes_network_policy_v1").find(([, p]) => p.metadata.name === "allow-clients")![1];
    expect(clients.spec.ingress[0].from).toEqual([{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "api" } } }]);
  });
});
