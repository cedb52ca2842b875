import { NetworkPolicyV1, type NetworkPolicyV1Spec } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { Construct } from "constructs";
import { ANY_SOURCE, KUBE_DNS_EGRESS, namespaceSelector, publicInternet } from "../core/cluster-network";
import { PortRole } from "./definition";
import { TRUSTED_NAMESPACES } from "./manifests";
import type { ResolvedCoinstack, ResolvedPort, ResolvedWorkload } from "./resolve";
import type { ResolvedDependency } from "./resolve/dependencies";

function ports(list: readonly ResolvedPort[]) {
  return list.map((p) => ({ port: String(p.port), protocol: p.protocol }));
}

export interface CoinNetworkPoliciesProps {
  readonly coinstack: ResolvedCoinstack | ResolvedWorkload;
  readonly namespace: string;
  /** For a further workload: the coinstack's main pods (a protected workload peers only with them). @default the main workload itself */
  readonly peers?: ResolvedCoinstack;
  /** Coins of the environment that read this one (an L2 reading its L1): admitted to exactly the ports they read. @default [] */
  readonly consumers?: readonly ResolvedCoinstack[];
}

/**
 * Default deny in the coin namespace, then only what each port's role needs:
 * DNS out; P2P in from anyone but link-local, out to public addresses only (never the
 * cluster's own network: kubelet, the API endpoint, node-exporter, Grafana, webhooks); RPC, auth and
 * database ports only between the coinstack's own pods; routed ports from
 * Traefik; metrics from monitoring; API ports from listed client namespaces. A coin that reads another
 * (an L2 its L1) may reach exactly the ports it reads, of that coin's pods or of its external
 * endpoints, and the other coin admits exactly those pods to those ports.
 */
export class CoinNetworkPolicies extends Construct {
  readonly policies: NetworkPolicyV1[] = [];

  constructor(scope: Construct, id: string, props: CoinNetworkPoliciesProps) {
    super(scope, id);
    const { names } = props.coinstack;
    for (const [name, spec] of policySpecs(props)) {
      const metadata = { name: names.networkPolicy(name), namespace: props.namespace, labels: names.labels };
      this.policies.push(new NetworkPolicyV1(this, name, { metadata, spec }));
    }
  }
}

type PolicySpecs = [name: string, spec: NetworkPolicyV1Spec][];

/** Each policy of the coinstack's pods by name, in the order they are created. */
function policySpecs(props: CoinNetworkPoliciesProps): PolicySpecs {
  const { coinstack, peers } = props;
  const pods = { matchLabels: coinstack.names.selectorLabels };
  const internal = byRole(coinstack, PortRole.RPC, PortRole.AUTH, PortRole.DATABASE, PortRole.API);
  const isolated = peers !== undefined && "protected" in coinstack && coinstack.protected;
  return [
    // The namespace's default deny comes with the main workload; a further workload only adds its allowances.
    ...(peers === undefined ? [policy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] })] : []),
    policy("allow-dns", { podSelector: pods, policyTypes: ["Egress"], egress: [KUBE_DNS_EGRESS] }),
    ...(internal.length > 0 ? [policy("allow-coinstack-internal", betweenOwnPods(pods, internal))] : []),
    ...(isolated ? protectedPeering(coinstack, peers!, pods) : openPeering(coinstack, pods)),
    ...fromNamespaces("allow-ingress-controller", pods, [TRUSTED_NAMESPACES.ingress], uniquePorts(coinstack.routes.map((r) => r.port))),
    ...fromNamespaces("allow-metrics", pods, [TRUSTED_NAMESPACES.monitoring], byRole(coinstack, PortRole.METRICS)),
    ...fromNamespaces("allow-clients", pods, coinstack.settings.clientNamespaces, byRole(coinstack, PortRole.API)),
    ...coinstack.dependencies.flatMap((dependency) => toDependency(coinstack, pods, dependency)),
    ...toPublicEndpoints(coinstack, pods),
    ...(props.consumers ?? []).flatMap((consumer) => fromConsumer(coinstack, pods, consumer)),
  ];
}

/** Egress to what a dependency is read from: the provider's pods on the ports read, or the external endpoints' ports on public addresses. */
function toDependency(coinstack: ResolvedCoinstack, pods: PodSelector, dependency: ResolvedDependency): PolicySpecs {
  const { provider, external } = dependency;
  if (provider) {
    const to = [{ namespaceSelector: namespaceSelector(provider.names.namespace), podSelector: { matchLabels: provider.names.selectorLabels } }];
    return [policy(`allow-${dependency.name}`, { podSelector: pods, policyTypes: ["Egress"], egress: [{ to, ports: ports(provider.ports) }] })];
  }
  const endpointPorts = [...new Set((external ?? []).map((url) => url.port || (url.protocol === "https:" ? "443" : "80")))];
  if (endpointPorts.length === 0) return [];
  const egress = [{ to: [{ ipBlock: publicInternet(coinstack.env) }], ports: endpointPorts.map((port) => ({ port, protocol: "TCP" })) }];
  return [policy(`allow-${dependency.name}-external`, { podSelector: pods, policyTypes: ["Egress"], egress })];
}

/** Egress to the public endpoints the definition names (a coinstack without P2P has no other way out), on their ports only. */
function toPublicEndpoints(coinstack: ResolvedCoinstack, pods: PodSelector): PolicySpecs {
  const ports = [...new Set(coinstack.publicEgress.map((e) => e.port))];
  if (ports.length === 0) return [];
  const egress = [{ to: [{ ipBlock: publicInternet(coinstack.env) }], ports: ports.map((port) => ({ port: String(port), protocol: "TCP" })) }];
  return [policy("allow-public-endpoints", { podSelector: pods, policyTypes: ["Egress"], egress })];
}

/** Ingress from a coin that reads this one: its pods, to the ports it reads. */
function fromConsumer(coinstack: ResolvedCoinstack, pods: PodSelector, consumer: ResolvedCoinstack): PolicySpecs {
  return consumer.dependencies
    .filter((dependency) => dependency.provider?.coin === coinstack.coin)
    .map((dependency) => {
      const from = [{ namespaceSelector: namespaceSelector(consumer.names.namespace), podSelector: { matchLabels: consumer.names.selectorLabels } }];
      return policy(`allow-${consumer.names.asset}-${dependency.name}`, { podSelector: pods, policyTypes: ["Ingress"], ingress: [{ from, ports: ports(dependency.provider!.ports) }] });
    });
}

type PodSelector = { matchLabels: Record<string, string> };

function policy(name: string, spec: NetworkPolicyV1Spec): PolicySpecs[number] {
  return [name, spec];
}

/** RPC, auth, database and API ports: only between the coinstack's own pods. */
function betweenOwnPods(pods: PodSelector, list: readonly ResolvedPort[]): NetworkPolicyV1Spec {
  return {
    podSelector: pods,
    policyTypes: ["Ingress", "Egress"],
    ingress: [{ from: [{ podSelector: pods }], ports: ports(list) }],
    egress: [{ to: [{ podSelector: pods }], ports: ports(list) }],
  };
}

/** P2P in from anyone but link-local, out to any public address (peers listen on any port). */
function openPeering(coinstack: ResolvedCoinstack, pods: PodSelector): PolicySpecs {
  const p2p = byRole(coinstack, PortRole.P2P);
  if (p2p.length === 0) return [];
  return [
    policy("allow-p2p", {
      podSelector: pods,
      policyTypes: ["Ingress", "Egress"],
      // Inbound peers arrive from anywhere, through load balancers and nodes (SNAT) in the cluster's network too.
      ingress: [{ from: [{ ipBlock: ANY_SOURCE }], ports: ports(p2p) }],
      // Peers listen on any port, and readiness may compare against public reference endpoints: any public address.
      egress: [{ to: [{ ipBlock: publicInternet(coinstack.env) }] }],
    }),
  ];
}

/**
 * Protected mode: peers are the main pods only, on their P2P and peer-identity ports, both ways; no
 * ipBlock (pod traffic is not reliably matched by ipBlock across CNIs), nothing to or from anywhere else.
 */
function protectedPeering(coinstack: ResolvedCoinstack, peers: ResolvedCoinstack, pods: PodSelector): PolicySpecs {
  if (byRole(coinstack, PortRole.P2P).length === 0) return [];
  const main = { podSelector: { matchLabels: peers.names.selectorLabels } };
  const peering = (list: readonly ResolvedPort[]) => list.filter((p) => p.role === PortRole.P2P || p.role === PortRole.PEER_ID);
  const own = peering(coinstack.ports);
  const mainPeering = peering(peers.ports);
  return [
    policy("allow-p2p-main", { podSelector: pods, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [main], ports: ports(own) }], egress: [{ to: [main], ports: ports(mainPeering) }] }),
    // The other side: the main pods' own P2P policy admits "anywhere" by ipBlock, which some CNIs never match for pods.
    policy("main-allow-p2p", {
      podSelector: main.podSelector,
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: pods }], ports: ports(mainPeering) }],
      egress: [{ to: [{ podSelector: pods }], ports: ports(own) }],
    }),
  ];
}

/** Ingress to `list` from the named namespaces; nothing when there are no such ports or no namespaces. */
function fromNamespaces(name: string, pods: PodSelector, namespaces: readonly string[], list: readonly ResolvedPort[]): PolicySpecs {
  if (list.length === 0 || namespaces.length === 0) return [];
  return [policy(name, { podSelector: pods, policyTypes: ["Ingress"], ingress: [{ from: namespaces.map((ns) => ({ namespaceSelector: namespaceSelector(ns) })), ports: ports(list) }] })];
}

function byRole(coinstack: ResolvedCoinstack, ...roles: PortRole[]): ResolvedPort[] {
  return coinstack.ports.filter((p) => roles.includes(p.role));
}

function uniquePorts(list: readonly ResolvedPort[]): ResolvedPort[] {
  return list.filter((p, i, all) => all.indexOf(p) === i);
}
