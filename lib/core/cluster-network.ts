/**
 * Address ranges and NetworkPolicy peers every namespace's policies share: what "the public internet"
 * means for a pod (everything but the cluster's own network and link-local), kube-dns and the API server.
 */
import type { EnvironmentConfig } from "../config/schema";

/** Link-local: the instance metadata service (169.254.169.254, the node's credentials), the EKS Pod Identity agent (169.254.170.23) and every other node-local service. */
export const LINK_LOCAL_CIDR = "169.254.0.0/16";

/** The EKS Pod Identity agent on every node: the only link-local address a pod with a Pod Identity role needs. */
export const POD_IDENTITY_AGENT_CIDR = "169.254.170.23/32";

/** Ports an API server answers on: 443 (EKS endpoints, the `kubernetes` Service) and 6443 (kubeadm-style clusters: kind, k3d, minikube). */
export const API_SERVER_PORTS = [443, 6443] as const;

/** Whether a string is an IPv4 CIDR block (policy checks read JSON that may hold anything). */
export function isIpv4Block(value: unknown): value is string {
  return typeof value === "string" && /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(value);
}

/** First and last address of an IPv4 CIDR block, as numbers. */
export function cidrBounds(cidr: string): [number, number] {
  const [address, prefix] = cidr.split("/");
  const start = address!.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  return [start, start + 2 ** (32 - Number(prefix)) - 1];
}

/** Whether `outer` contains every address of `inner`. */
export function cidrContains(outer: string, inner: string): boolean {
  const [outerStart, outerEnd] = cidrBounds(outer);
  const [innerStart, innerEnd] = cidrBounds(inner);
  return outerStart <= innerStart && innerEnd <= outerEnd;
}

/** The cluster's own network: `network.internalCidrs`, plus the VPC CIDR when none of them contains it. */
export function internalCidrs(env: Pick<EnvironmentConfig, "network" | "cluster">): string[] {
  const configured = [...env.network.internalCidrs];
  const vpc = env.cluster?.vpc.cidr;
  return vpc && !configured.some((cidr) => cidrContains(cidr, vpc)) ? [...configured, vpc] : configured;
}

/** Public addresses only: never the cluster's own network (kubelet, API endpoint, webhooks, Grafana...) nor link-local. */
export function publicInternet(env: Pick<EnvironmentConfig, "network" | "cluster">): { cidr: string; except: string[] } {
  return { cidr: "0.0.0.0/0", except: [...internalCidrs(env), LINK_LOCAL_CIDR] };
}

/** Any source but link-local (inbound traffic may come through load balancers and nodes in the cluster's network). */
export const ANY_SOURCE = { cidr: "0.0.0.0/0", except: [LINK_LOCAL_CIDR] };

export function namespaceSelector(name: string): { matchLabels: Record<string, string> } {
  return { matchLabels: { "kubernetes.io/metadata.name": name } };
}

/** Egress to kube-dns (CoreDNS in kube-system) on 53/UDP and TCP. */
export const KUBE_DNS_EGRESS = {
  to: [{ namespaceSelector: namespaceSelector("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
  ports: [
    { port: "53", protocol: "UDP" },
    { port: "53", protocol: "TCP" },
  ],
};

/**
 * Egress to the API server. EKS answers from endpoint network interfaces in the cluster's subnets;
 * the `kubernetes` Service's address (service CIDR) is listed too for CNIs that match before the Service
 * is translated. Both are inside the internal ranges.
 */
export function apiServerEgress(env: Pick<EnvironmentConfig, "network" | "cluster">) {
  return {
    to: internalCidrs(env).map((cidr) => ({ ipBlock: { cidr } })),
    ports: API_SERVER_PORTS.map((port) => ({ port: String(port), protocol: "TCP" })),
  };
}
