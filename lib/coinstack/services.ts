import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Construct } from "constructs";
import { PortRole } from "./definition";
import type { ResolvedCoinstack, ResolvedPort } from "./resolve";
import { p2pAdvertisedPortBase, p2pHostTemplate } from "./workload/env";

/** Roles served to clients through `<asset>-svc` (P2P has its own per-pod Services, metrics are scraped per pod). */
const CLIENT_ROLES: readonly PortRole[] = [PortRole.RPC, PortRole.API, PortRole.DATABASE];

function servicePort(port: ResolvedPort) {
  return { name: port.name, port: port.port, targetPort: port.name, protocol: port.protocol };
}

/**
 * The coinstack's Services:
 * - `<asset>-headless`, the StatefulSet's governing Service: per-pod DNS, and
 *   it publishes pods that are not ready, so a syncing daemon stays reachable by its indexer;
 * - `<asset>-svc`, ClusterIP for the client ports, following readiness;
 * - per pod, a Service for its P2P ports (NodePort at base + ordinal, or a LoadBalancer), so every replica takes inbound
 *   peers, ready or not.
 */
export class CoinServices extends Construct {
  readonly headless: ServiceV1;
  readonly client?: ServiceV1;
  readonly p2p: ServiceV1[] = [];

  constructor(scope: Construct, id: string, props: { coinstack: ResolvedCoinstack; namespace: string }) {
    super(scope, id);
    const { coinstack } = props;
    const { names } = coinstack;
    const metadata = (name: string, annotations?: Record<string, string>) => ({ name, namespace: props.namespace, labels: names.labels, annotations });

    this.headless = new ServiceV1(this, "headless", {
      metadata: metadata(names.headlessService),
      spec: {
        clusterIp: "None",
        publishNotReadyAddresses: true,
        selector: names.selectorLabels,
        port: coinstack.ports.filter((p) => p.role !== PortRole.METRICS).map(servicePort),
      },
    });

    const clientPorts = coinstack.ports.filter((p) => CLIENT_ROLES.includes(p.role));
    if (clientPorts.length > 0) {
      this.client = new ServiceV1(this, "client", {
        metadata: metadata(names.clientService),
        spec: { type: "ClusterIP", selector: names.selectorLabels, port: clientPorts.map(servicePort) },
      });
    }

    const exposure = coinstack.settings.p2p.exposure;
    const p2pPorts = coinstack.ports.filter((p) => p.role === PortRole.P2P);
    if (exposure === "none" || p2pPorts.length === 0) return;
    for (let ordinal = 0; ordinal < coinstack.settings.replicas; ordinal++) {
      const podSelector = { ...names.selectorLabels, "statefulset.kubernetes.io/pod-name": names.pod(ordinal) };
      const annotations =
        exposure === "LoadBalancer"
          ? {
              "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
              "external-dns.alpha.kubernetes.io/hostname": p2pHostTemplate(coinstack).replace("{index}", String(ordinal)),
            }
          : undefined;
      this.p2p.push(
        new ServiceV1(this, `p2p-${ordinal}`, {
          metadata: metadata(names.p2pService(ordinal), annotations),
          spec: {
            type: exposure,
            // Peers' real addresses reach the daemon (ban scores, connection limits per peer).
            externalTrafficPolicy: "Local",
            // A pod is ready only once daemon and indexer are synced; peers (and the load balancer's
            // health checks) must reach it during the initial sync too, or it syncs from outbound peers only.
            publishNotReadyAddresses: true,
            selector: podSelector,
            port: p2pPorts.map((port, index) => ({
              ...servicePort(port),
              nodePort: exposure === "NodePort" ? p2pAdvertisedPortBase(coinstack, port, index) + ordinal : undefined,
            })),
          },
        }),
      );
    }
  }
}
