import { Construct } from "constructs";
import { PodIdentityRole } from "../../aws/pod-identity-role";
import { platformNamespaces } from "../../core/names";
import { CHARTS } from "../charts";
import { HelmAddon } from "../helm-addon";
import { zoneRecordStatements } from "../route53-access";

export const EXTERNAL_DNS_SERVICE_ACCOUNT = "external-dns";

export interface ExternalDnsProps {
  readonly clusterName: string;
  readonly roleName: string;
  readonly region: string;
  readonly rootDomain: string;
  readonly hostedZoneId: string;
}

/**
 * Chart values. `upsert-only` never deletes a record, and the zone filter keeps
 * external-dns from touching any other zone even if IAM allowed it.
 */
export function externalDnsValues(props: ExternalDnsProps): object {
  return {
    provider: { name: "aws" },
    env: [{ name: "AWS_DEFAULT_REGION", value: props.region }],
    // ingress: routed hosts; service: per-pod P2P load balancers annotated with their hostname.
    sources: ["ingress", "service"],
    domainFilters: [props.rootDomain],
    extraArgs: [`--zone-id-filter=${props.hostedZoneId}`],
    policy: "upsert-only",
    registry: "txt",
    txtOwnerId: props.clusterName,
    serviceAccount: { create: true, name: EXTERNAL_DNS_SERVICE_ACCOUNT },
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
  };
}

/** external-dns publishing Ingress hosts and annotated Services into one Route53 zone through a zone-scoped Pod Identity role. */
export class ExternalDns extends Construct {
  readonly addon: HelmAddon;

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    super(scope, id);
    this.addon = new HelmAddon(this, "helm", {
      releaseName: "external-dns",
      namespace: platformNamespaces.externalDns,
      chart: CHARTS.externalDns,
      values: externalDnsValues(props),
    });
    new PodIdentityRole(this, "route53-role", {
      roleName: props.roleName,
      statements: [
        ...zoneRecordStatements(props.hostedZoneId, "ExternalDns"),
        { Sid: "ExternalDnsListZones", Effect: "Allow", Action: "route53:ListHostedZones", Resource: "*" },
      ],
      serviceAccount: { clusterName: props.clusterName, namespace: platformNamespaces.externalDns, name: EXTERNAL_DNS_SERVICE_ACCOUNT },
    });
  }
}
