import { NetworkPolicyV1, type NetworkPolicyV1Spec } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { Construct } from "constructs";
import { ANY_SOURCE, KUBE_DNS_EGRESS, namespaceSelector, publicInternet } from "../core/cluster-network";
import { PortRole } from "./definition";
import { TRUSTED_NAMESPACES } from "./manifests";
import type { ResolvedCoinstack, ResolvedPort, ResolvedWorkload } from "./resolve";

function ports(list: readonly ResolvedPort[]) {
  return list.map((p) => ({ port: String(p.port), protocol: p.protocol }));
}

export interface CoinNetworkPoliciesProps {
  readonly coinstack: ResolvedCoinstack | ResolvedWorkload;
  readonly namespace: string;
  /** For a further workload: the coinstack's main pods (a protected workload peers only with them). @default the main workload itself */
  readonly peers?: ResolvedCoinstack;
}

/**
 * Default deny in the coin namespace, then only what each port's role needs:
 * DNS out; P2P in from anyone but link-local, out to public addresses only (never the
 * cluster's own network: kubelet, the API endpoint, node-exporter, Grafana, webhooks); RPC, auth and
 * database ports only between the coinstack's own pods; routed ports from
 * Traefik; metrics from monitoring; API ports from listed client namespaces.
 */
export class CoinNetworkPolicies extends Construct {
  readonly policies: NetworkPolicyV1[] = [];

  constructor(scope: Construct, id: string, props: CoinNetworkPoliciesProps) {
    super(scope, id);
    const { coinstack } = props;
    const { names } = coinstack;
    const pods = { matchLabels: names.selectorLabels };
    const add = (name: string, spec: NetworkPolicyV1Spec): void => {
      const policy = names.networkPolicy(name);
      this.policies.push(new NetworkPolicyV1(this, name, { metadata: { name: policy, namespace: props.namespace, labels: names.labels }, spec }));
    };
    const byRole = (...roles: PortRole[]) => coinstack.ports.filter((p) => roles.includes(p.role));

    // The namespace's default deny comes with the main workload; a further workload only adds its allowances.
    if (props.peers === undefined) add("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    add("allow-dns", {
      podSelector: pods,
      policyTypes: ["Egress"],
      egress: [KUBE_DNS_EGRESS],
    });
    const internal = byRole(PortRole.RPC, PortRole.AUTH, PortRole.DATABASE, PortRole.API);
    if (internal.length > 0) {
      add("allow-coinstack-internal", {
        podSelector: pods,
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: pods }], ports: ports(internal) }],
        egress: [{ to: [{ podSelector: pods }], ports: ports(internal) }],
      });
    }
    const p2p = byRole(PortRole.P2P);
    const isolated = props.peers !== undefined && "protected" in coinstack && coinstack.protected;
    if (p2p.length > 0 && isolated) {
      // Protected mode: peers are the main pods only, on their P2P and peer-identity ports, both ways; no
      // ipBlock (pod traffic is not reliably matched by ipBlock across CNIs), nothing to or from anywhere else.
      const main = { podSelector: { matchLabels: props.peers!.names.selectorLabels } };
      const peering = (list: readonly ResolvedPort[]) => list.filter((p) => p.role === PortRole.P2P || p.role === PortRole.PEER_ID);
      const own = peering(coinstack.ports);
      const mainPeering = peering(props.peers!.ports);
      add("allow-p2p-main", {
        podSelector: pods,
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [main], ports: ports(own) }],
        egress: [{ to: [main], ports: ports(mainPeering) }],
      });
      // The other side: the main pods' own P2P policy admits "anywhere" by ipBlock, which some CNIs never match for pods.
      add("main-allow-p2p", {
        podSelector: main.podSelector,
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: pods }], ports: ports(mainPeering) }],
        egress: [{ to: [{ podSelector: pods }], ports: ports(own) }],
      });
    } else if (p2p.length > 0) {
      add("allow-p2p", {
        podSelector: pods,
        policyTypes: ["Ingress", "Egress"],
        // Inbound peers arrive from anywhere, through load balancers and nodes (SNAT) in the cluster's network too.
        ingress: [{ from: [{ ipBlock: ANY_SOURCE }], ports: ports(p2p) }],
        // Peers listen on any port, and readiness may compare against public reference endpoints: any public address.
        egress: [{ to: [{ ipBlock: publicInternet(coinstack.env) }] }],
      });
    }
    const routed = coinstack.routes.map((r) => r.port).filter((p, i, all) => all.indexOf(p) === i);
    if (routed.length > 0) {
      add("allow-ingress-controller", {
        podSelector: pods,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: namespaceSelector(TRUSTED_NAMESPACES.ingress) }], ports: ports(routed) }],
      });
    }
    const metrics = byRole(PortRole.METRICS);
    if (metrics.length > 0) {
      add("allow-metrics", {
        podSelector: pods,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: namespaceSelector(TRUSTED_NAMESPACES.monitoring) }], ports: ports(metrics) }],
      });
    }
    const api = byRole(PortRole.API);
    if (api.length > 0 && coinstack.settings.clientNamespaces.length > 0) {
      add("allow-clients", {
        podSelector: pods,
        policyTypes: ["Ingress"],
        ingress: [{ from: coinstack.settings.clientNamespaces.map((ns) => ({ namespaceSelector: namespaceSelector(ns) })), ports: ports(api) }],
      });
    }
  }
}
