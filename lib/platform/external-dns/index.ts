import { Construct } from "constructs";
import { type PodIdentityCluster, PodIdentityRole } from "../../aws/pod-identity-role";
import { platformNamespaces } from "../../core/names";
import { CHARTS } from "../charts";
import { HelmAddon } from "../helm-addon";
import { ACME_CHALLENGE_RECORDS, type RecordScope, zoneRecordStatements } from "../route53-access";

export const EXTERNAL_DNS_SERVICE_ACCOUNT = "external-dns";

export interface ExternalDnsProps {
  readonly cluster: PodIdentityCluster;
  readonly roleName: string;
  /** The environment's domain (`[<label>.]<root>`): external-dns manages records under it and nowhere else. */
  readonly domain: string;
  readonly hostedZoneId: string;
}

/**
 * Records external-dns may change: names under the environment's domain, of the types it publishes
 * (A and AAAA aliases of load balancers, CNAMEs, and the TXT records of its ownership registry), never a
 * DNS-01 challenge (cert-manager's). Actions are not limited: an update of a record whose identity changed
 * is a DELETE plus a CREATE in one batch, and `upsert-only` already keeps external-dns from deleting records.
 */
export function externalDnsRecords(domain: string): RecordScope {
  return { names: [`*.${domain}`], types: ["A", "AAAA", "CNAME", "TXT"], forbiddenNames: [ACME_CHALLENGE_RECORDS] };
}

/**
 * Chart values. `upsert-only` never deletes a record, and the zone filter keeps
 * external-dns from touching any other zone even if IAM allowed it.
 */
export function externalDnsValues(props: ExternalDnsProps): object {
  return {
    provider: { name: "aws" },
    env: [{ name: "AWS_DEFAULT_REGION", value: props.cluster.region }],
    // ingress: routed hosts; service: per-pod P2P load balancers annotated with their hostname.
    sources: ["ingress", "service"],
    domainFilters: [props.domain],
    extraArgs: [`--zone-id-filter=${props.hostedZoneId}`],
    policy: "upsert-only",
    registry: "txt",
    txtOwnerId: props.cluster.name,
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
        ...zoneRecordStatements(props.hostedZoneId, "ExternalDns", externalDnsRecords(props.domain)),
        { Sid: "ExternalDnsListZones", Effect: "Allow", Action: "route53:ListHostedZones", Resource: "*" },
      ],
      cluster: props.cluster,
      serviceAccount: { namespace: platformNamespaces.externalDns, name: EXTERNAL_DNS_SERVICE_ACCOUNT },
    });
  }
}
