import { IngressV1 } from "@cdktf/provider-kubernetes/lib/ingress-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { platformNames } from "../core/names";
import { certificate, ingressRoute, type KubernetesObject, stripPrefixMiddleware } from "./manifests";
import type { ResolvedCoinstack, ResolvedRoute } from "./resolve";
import { terraformTextDeep } from "../core/terraform-text";

export interface CoinIngressProps {
  readonly coinstack: ResolvedCoinstack;
  readonly issuer: string;
  readonly dependsOn: ITerraformDependable[];
}

/**
 * Public HTTPS for the routed ports, one host per service: a Certificate, an
 * IngressRoute (websecure only) and, only if some route strips a prefix, a
 * Middleware. A backend-less Ingress carries the hosts for external-dns;
 * without paths it makes Traefik create no second route.
 */
export class CoinIngress extends Construct {
  readonly manifests: Manifest[] = [];

  constructor(scope: Construct, id: string, props: CoinIngressProps) {
    super(scope, id);
    const { coinstack } = props;
    const byService = new Map<string, ResolvedRoute[]>();
    for (const route of coinstack.routes) byService.set(route.service, [...(byService.get(route.service) ?? []), route]);
    const emit = (name: string, object: KubernetesObject, dependsOn: ITerraformDependable[] = props.dependsOn): Manifest => {
      const manifest = new Manifest(this, name, { manifest: terraformTextDeep(object), dependsOn });
      this.manifests.push(manifest);
      return manifest;
    };

    const middleware = stripPrefixMiddleware(coinstack, coinstack.routes);
    const middlewareResource = middleware ? emit("middleware", middleware) : undefined;
    const hosts: string[] = [];
    for (const [service, routes] of byService) {
      const host = routes[0]!.host;
      hosts.push(host);
      emit(`certificate-${service}`, certificate(coinstack, service, host, props.issuer));
      emit(`ingress-route-${service}`, ingressRoute(coinstack, service, routes), [...props.dependsOn, ...(middlewareResource ? [middlewareResource] : [])]);
    }
    if (hosts.length === 0) return;
    new IngressV1(this, "dns", {
      metadata: {
        name: `${coinstack.names.asset}-dns`,
        namespace: coinstack.names.namespace,
        labels: coinstack.names.labels,
        annotations: { "coinstacks.io/purpose": "external-dns records only; routing is the IngressRoute" },
      },
      spec: { ingressClassName: platformNames.traefikIngressClass, rule: hosts.map((host) => ({ host })) },
      waitForLoadBalancer: false,
      dependsOn: props.dependsOn,
    });
  }
}
