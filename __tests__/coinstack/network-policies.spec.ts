import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { coinStack } from "../helpers/coinstack";
import { resourcesOf, type SynthesizedStack } from "../helpers/synth";

/** The properties of the NetworkPolicy named `name` whose spec is exactly `spec`. */
const policy = (name: string, spec: Record<string, unknown>) => ({ metadata: expect.objectContaining({ name }), spec });
const namespaceNamed = (name: string) => ({ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": name } } });

describe("NetworkPolicies of dev-bitcoin", () => {
  const synthesized = Testing.synth(coinStack("bitcoin"));
  const stack = JSON.parse(synthesized) as SynthesizedStack;
  const policies = Object.fromEntries(resourcesOf(stack, "kubernetes_network_policy_v1").map(([, p]) => [p.metadata.name, p.spec]));
  const pods = { match_labels: { app: "unchained", asset: "bitcoin", tier: "statefulservice" } };

  it("deny everything in the namespace by default", () => {
    expect(synthesized).toHaveResourceWithProperties(NetworkPolicyV1, policy("default-deny", { pod_selector: {}, policy_types: ["Ingress", "Egress"] }));
  });
  it("allow DNS to kube-dns only", () => {
    expect(policies["allow-dns"].egress).toEqual([
      {
        to: [{ ...namespaceNamed("kube-system"), pod_selector: { match_labels: { "k8s-app": "kube-dns" } } }],
        ports: [
          { port: "53", protocol: "UDP" },
          { port: "53", protocol: "TCP" },
        ],
      },
    ]);
  });
  it("allow P2P in from anywhere except link-local, and out to public addresses only", () => {
    expect(synthesized).toHaveResourceWithProperties(NetworkPolicyV1, {
      metadata: expect.objectContaining({ name: "allow-p2p" }),
      spec: expect.objectContaining({
        ingress: [{ from: [{ ip_block: { cidr: "0.0.0.0/0", except: ["169.254.0.0/16"] } }], ports: [{ port: "8333", protocol: "TCP" }] }],
        egress: [{ to: [{ ip_block: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"] } }] }],
      }),
    });
  });
  it("allow RPC only from the coinstack's own pods", () => {
    const internal = policies["allow-coinstack-internal"];
    expect(internal.ingress).toEqual([{ from: [{ pod_selector: pods }], ports: expect.arrayContaining([{ port: "8332", protocol: "TCP" }]) }]);
    const everyIngress = Object.values(policies).flatMap((p: any) => p.ingress ?? []);
    const rpcRules = everyIngress.filter((rule: any) => rule.ports?.some((p: any) => p.port === "8332"));
    expect(rpcRules).toEqual([internal.ingress[0]]);
  });
  it("allow routed ports only from Traefik's namespace", () => {
    expect(policies["allow-ingress-controller"].ingress).toEqual([{ from: [namespaceNamed("traefik")], ports: [{ port: "8001", protocol: "TCP" }] }]);
  });
  it("allow no API clients from other namespaces unless config lists them", () => {
    expect(synthesized).not.toHaveResourceWithProperties(NetworkPolicyV1, { metadata: expect.objectContaining({ name: "allow-clients" }) });
  });
  it("allow API clients from the namespaces listed in config", () => {
    const withClients = Testing.synth(coinStack("bitcoin", { settings: { clientNamespaces: ["api"] } }));
    expect(withClients).toHaveResourceWithProperties(NetworkPolicyV1, {
      metadata: expect.objectContaining({ name: "allow-clients" }),
      spec: expect.objectContaining({ ingress: [expect.objectContaining({ from: [namespaceNamed("api")] })] }),
    });
  });
});
