import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { platformNames, platformNamespaces } from "../../core/names";
import { CHARTS } from "../charts";
import { HelmAddon } from "../helm-addon";

export interface TraefikProps {
  /** @default 3 */
  readonly replicas?: number;
  /** @default "LoadBalancer" */
  readonly serviceType?: "LoadBalancer" | "NodePort";
  /** Source ranges allowed through the NLB. @default [] (anywhere) */
  readonly loadBalancerSourceRanges?: readonly string[];
  /** Create a ServiceMonitor (needs the prometheus-operator CRDs). @default false */
  readonly serviceMonitor?: boolean;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

const TRAEFIK_SELECTOR = { "app.kubernetes.io/name": "traefik" };

/** Chart values (traefik chart 37.x, Traefik v3). */
export function traefikValues(props: TraefikProps): object {
  const serviceType = props.serviceType ?? "LoadBalancer";
  return {
    deployment: { replicas: props.replicas ?? 3 },
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: TRAEFIK_SELECTOR } },
      { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: TRAEFIK_SELECTOR } },
    ],
    service: {
      type: serviceType,
      ...(serviceType === "LoadBalancer"
        ? {
            annotations: {
              "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
              "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
            },
            loadBalancerSourceRanges: [...(props.loadBalancerSourceRanges ?? [])],
          }
        : {}),
    },
    ports: {
      web: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } },
      websecure: { tls: { enabled: true } },
    },
    ingressClass: { enabled: true, isDefaultClass: false, name: platformNames.traefikIngressClass },
    providers: {
      kubernetesCRD: { enabled: true, allowCrossNamespace: false },
      // Publishes the load balancer address into Ingress status so external-dns can create the records.
      kubernetesIngress: { enabled: true, publishedService: { enabled: true } },
    },
    logs: {
      general: { format: "json" },
      access: {
        enabled: true,
        format: "json",
        fields: { headers: { defaultmode: "keep", names: { Authorization: "redact", Cookie: "redact" } } },
      },
    },
    metrics: {
      prometheus: {
        entryPoint: "metrics",
        service: { enabled: true },
        serviceMonitor: { enabled: props.serviceMonitor ?? false },
      },
    },
    resources: { requests: { cpu: "300m", memory: "256Mi" }, limits: { memory: "1Gi" } },
  };
}

/** Traefik v3: the only way into the cluster for HTTP(S), TLS terminated with cert-manager certificates. */
export class Traefik extends Construct {
  readonly addon: HelmAddon;

  constructor(scope: Construct, id: string, props: TraefikProps = {}) {
    super(scope, id);
    this.addon = new HelmAddon(this, "helm", {
      releaseName: "traefik",
      namespace: platformNamespaces.traefik,
      chart: CHARTS.traefik,
      values: traefikValues(props),
      dependsOn: props.dependsOn,
    });
  }
}
