/**
 * NetworkPolicies of the platform namespaces: default deny, then only what each add-on needs, each
 * allowance with the reason it exists. Kubelet probes need no rule: traffic from a pod's own node is
 * always admitted (Kubernetes NetworkPolicy semantics; the VPC CNI's policy agent admits the node IP).
 */
import { NetworkPolicyV1, type NetworkPolicyV1Spec } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { dependable } from "cdktf";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../../config/schema";
import {
  ANY_SOURCE,
  apiServerEgress,
  internalCidrs,
  KUBE_DNS_EGRESS,
  namespaceSelector,
  POD_IDENTITY_AGENT_CIDR,
  publicInternet,
} from "../../core/cluster-network";
import { APP_LABEL, platformLabels, platformNamespaces, STATEFUL_TIER } from "../../core/names";
import type { HelmAddon } from "../helm-addon";

/** What the policies need to know about the environment's network. */
export type PlatformNetwork = Pick<EnvironmentConfig, "network" | "cluster">;

const ALL_PODS = {};
const tcp = (...ports: number[]) => ports.map((port) => ({ port: String(port), protocol: "TCP" }));
const udpAndTcp = (port: number) => [
  { port: String(port), protocol: "UDP" },
  { port: String(port), protocol: "TCP" },
];
const fromMonitoring = { namespaceSelector: namespaceSelector(platformNamespaces.monitoring) };
/** The EKS Pod Identity agent (a host-network pod on every node, port 80): where an AWS SDK in a pod fetches its role's credentials. */
const POD_IDENTITY_AGENT_EGRESS = { to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT_CIDR } }], ports: tcp(80) };
/** The API server calls admission webhooks from its endpoint interfaces in the cluster's subnets (EKS) or a node address (kubeadm). */
const fromApiServer = (network: PlatformNetwork) => internalCidrs(network).map((cidr) => ({ ipBlock: { cidr } }));

/** cert-manager: ACME and Route53 out for DNS-01, its webhook in from the API server, metrics to Prometheus. */
export function certManagerPolicies(network: PlatformNetwork): Record<string, NetworkPolicyV1Spec> {
  return {
    "allow-controller-acme-route53": {
      podSelector: { matchLabels: { "app.kubernetes.io/component": "controller" } },
      policyTypes: ["Egress"],
      egress: [
        // ACME (Let's Encrypt), Route53 and STS over HTTPS; DNS-01 propagation checks query the zone's
        // authoritative nameservers directly on port 53.
        { to: [{ ipBlock: publicInternet(network) }], ports: [...tcp(443), ...udpAndTcp(53)] },
        // The Route53 role's credentials (Pod Identity).
        POD_IDENTITY_AGENT_EGRESS,
      ],
    },
    "allow-webhook-from-api-server": {
      podSelector: { matchLabels: { "app.kubernetes.io/component": "webhook" } },
      policyTypes: ["Ingress"],
      // The chart's webhook.securePort: every Certificate and Issuer is admitted through it.
      ingress: [{ from: fromApiServer(network), ports: tcp(10250) }],
    },
    "allow-metrics-from-monitoring": {
      podSelector: ALL_PODS,
      policyTypes: ["Ingress"],
      // prometheus.enabled in the chart values: controller (and cainjector/webhook) metrics on 9402.
      ingress: [{ from: [fromMonitoring], ports: tcp(9402) }],
    },
  };
}

/** external-dns: Route53 and STS out, credentials from the Pod Identity agent; nothing comes in. */
export function externalDnsPolicies(network: PlatformNetwork): Record<string, NetworkPolicyV1Spec> {
  return {
    "allow-route53": {
      podSelector: ALL_PODS,
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: publicInternet(network) }], ports: tcp(443) }, POD_IDENTITY_AGENT_EGRESS],
    },
  };
}

/** Traefik: clients in through its load balancer, requests out to the coinstacks' pods, metrics to Prometheus. */
export function traefikPolicies(network: PlatformNetwork, loadBalancerSourceRanges: readonly string[]): Record<string, NetworkPolicyV1Spec> {
  // A load balancer that keeps client addresses shows them; one in front of NodePorts shows a node's
  // (the cluster's network). With source ranges configured, those two are all that can arrive.
  const sources =
    loadBalancerSourceRanges.length > 0
      ? [...loadBalancerSourceRanges, ...internalCidrs(network)].map((cidr) => ({ ipBlock: { cidr } }))
      : [{ ipBlock: ANY_SOURCE }];
  return {
    "allow-entrypoints": {
      podSelector: ALL_PODS,
      policyTypes: ["Ingress"],
      // The chart's web (8000, redirects to HTTPS) and websecure (8443) entrypoints.
      ingress: [{ from: sources, ports: tcp(8000, 8443) }],
    },
    "allow-metrics-from-monitoring": {
      podSelector: ALL_PODS,
      policyTypes: ["Ingress"],
      // The metrics entrypoint (9100) its ServiceMonitor scrapes.
      ingress: [{ from: [fromMonitoring], ports: tcp(9100) }],
    },
    "allow-coinstack-backends": {
      podSelector: ALL_PODS,
      policyTypes: ["Egress"],
      // Routed ports differ per coin, so any port, but only to coinstack pods in coinstack namespaces;
      // their own policies admit Traefik on the routed ports only.
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { app: APP_LABEL, tier: STATEFUL_TIER } },
              podSelector: { matchLabels: { app: APP_LABEL, tier: STATEFUL_TIER } },
            },
          ],
        },
      ],
    },
  };
}

/** kube-prometheus-stack: its parts talk freely to each other; Prometheus scrapes the cluster; the operator's webhook and Alertmanager's receivers. */
export function monitoringPolicies(network: PlatformNetwork): Record<string, NetworkPolicyV1Spec> {
  return {
    "allow-within-namespace": {
      podSelector: ALL_PODS,
      policyTypes: ["Ingress", "Egress"],
      // Prometheus, Alertmanager, Grafana, the operator and kube-state-metrics call each other on ports
      // that follow the chart version; the namespace is the boundary that matters.
      ingress: [{ from: [{ podSelector: ALL_PODS }] }],
      egress: [{ to: [{ podSelector: ALL_PODS }] }],
    },
    "allow-prometheus-scrapes": {
      podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
      policyTypes: ["Egress"],
      egress: [
        // ServiceMonitors and PodMonitors in every namespace (coinstacks, cert-manager, Traefik, CoreDNS);
        // each target namespace admits only its metrics ports from here.
        { to: [{ namespaceSelector: {}, podSelector: ALL_PODS }] },
        // Nodes: the kubelet and cAdvisor (10250) and node-exporter on the host network (9100).
        { to: internalCidrs(network).map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(10250, 9100) },
      ],
    },
    "allow-operator-webhook-from-api-server": {
      podSelector: ALL_PODS,
      policyTypes: ["Ingress"],
      // The prometheus-operator's admission webhook (tls.internalPort) validates every PrometheusRule.
      ingress: [{ from: fromApiServer(network), ports: tcp(10250) }],
    },
    "allow-alertmanager-receivers": {
      podSelector: { matchLabels: { "app.kubernetes.io/name": "alertmanager" } },
      policyTypes: ["Egress"],
      // Notification receivers (chat, paging, e-mail APIs) are public HTTPS endpoints.
      egress: [{ to: [{ ipBlock: publicInternet(network) }], ports: tcp(443) }],
    },
  };
}

export interface PlatformNetworkPoliciesProps {
  /** The add-on whose namespace the policies guard; its release waits for them. */
  readonly addon: HelmAddon;
  /** `app.kubernetes.io/name` of the policies (the add-on's name). */
  readonly component: string;
  readonly network: PlatformNetwork;
  /** The add-on's own allowances, by policy name, on top of default deny, DNS and the API server. */
  readonly policies: Record<string, NetworkPolicyV1Spec>;
}

/**
 * Default deny in one platform namespace, DNS and the API server for every pod (every add-on watches
 * the API), and the add-on's own allowances. The release depends on them, so its pods start under the
 * policies they will run under and a missing allowance fails the deploy (Helm rolls back) instead of
 * breaking a running platform later.
 */
export class PlatformNetworkPolicies extends Construct {
  readonly policies: NetworkPolicyV1[] = [];

  constructor(scope: Construct, id: string, props: PlatformNetworkPoliciesProps) {
    super(scope, id);
    const namespace = props.addon.namespace;
    if (!namespace) throw new Error(`${id}: the add-on's namespace must be created with it`);
    const all: Record<string, NetworkPolicyV1Spec> = {
      "default-deny": { podSelector: ALL_PODS, policyTypes: ["Ingress", "Egress"] },
      "allow-dns": { podSelector: ALL_PODS, policyTypes: ["Egress"], egress: [KUBE_DNS_EGRESS] },
      "allow-api-server": { podSelector: ALL_PODS, policyTypes: ["Egress"], egress: [apiServerEgress(props.network)] },
      ...props.policies,
    };
    for (const [name, spec] of Object.entries(all)) {
      this.policies.push(
        new NetworkPolicyV1(this, name, {
          metadata: { name, namespace: namespace.metadata.name, labels: platformLabels(props.component) },
          spec,
        }),
      );
    }
    const release = props.addon.release;
    release.dependsOn = [...(release.dependsOn ?? []), ...this.policies.map((policy) => dependable(policy))];
  }
}
