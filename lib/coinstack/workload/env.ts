/** The environment every container of a coinstack gets, and the P2P addresses its pods advertise. */
import type { StatefulSetV1SpecTemplateSpecContainerEnv } from "@cdktf/provider-kubernetes/lib/stateful-set-v1";
import { SECRETS_DIR } from "../credentials";
import { PortRole } from "../definition";
import type { ResolvedCoinstack, ResolvedPort, ResolvedService } from "../resolve";

function envName(portName: string): string {
  return portName.toUpperCase().replace(/-/g, "_");
}

/** Environment every container gets: identity, POD_INDEX for per-pod ports and names, and P2P advertisement. */
export function commonEnv(coinstack: ResolvedCoinstack, service: ResolvedService): StatefulSetV1SpecTemplateSpecContainerEnv[] {
  const env: StatefulSetV1SpecTemplateSpecContainerEnv[] = [
    { name: "POD_INDEX", valueFrom: { fieldRef: { fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']" } } },
    { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
    { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
    { name: "ASSET", value: coinstack.names.asset },
    { name: "NETWORK", value: coinstack.network },
    { name: "DATA_DIR", value: service.dataDir },
    { name: "SECRETS_DIR", value: SECRETS_DIR },
    { name: "HEADLESS_SERVICE", value: coinstack.names.headlessService },
  ];
  const p2p = coinstack.settings.p2p;
  const p2pPorts = coinstack.ports.filter((p) => p.role === PortRole.P2P);
  if (p2p.exposure !== "none" && p2pPorts.length > 0) {
    env.push({ name: "P2P_EXPOSURE", value: p2p.exposure });
    if (p2p.exposure === "NodePort") {
      env.push({ name: "P2P_ADVERTISE_HOST", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } });
      env.push({ name: "P2P_ADVERTISE_PORT_STRIDE", value: "1" });
    } else {
      env.push({ name: "P2P_ADVERTISE_HOST_TEMPLATE", value: p2pHostTemplate(coinstack) });
      env.push({ name: "P2P_ADVERTISE_PORT_STRIDE", value: "0" });
    }
    p2pPorts.forEach((port, index) => {
      env.push({ name: `P2P_ADVERTISE_PORT_BASE_${envName(port.name)}`, value: String(p2pAdvertisedPortBase(coinstack, port, index)) });
    });
  }
  return env;
}

/** `p2p-{index}.<asset>[.<label>].<root>`: each pod's load balancer name, published by external-dns. */
export function p2pHostTemplate(coinstack: ResolvedCoinstack): string {
  const dns = coinstack.env.dns;
  return ["p2p-{index}", coinstack.names.asset, dns?.environmentLabel, dns?.rootDomain].filter(Boolean).join(".");
}

/** Port peers dial for ordinal 0; pod N adds N x stride. NodePorts are laid out port by port: base + portIndex x replicas + N. */
export function p2pAdvertisedPortBase(coinstack: ResolvedCoinstack, port: ResolvedPort, portIndex: number): number {
  const p2p = coinstack.settings.p2p;
  if (p2p.exposure === "NodePort" && p2p.nodePortBase !== undefined) return p2p.nodePortBase + portIndex * coinstack.settings.replicas;
  return port.port;
}
