import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, type ITerraformDependable, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import * as path from "node:path";
import { platformLabels, platformNames, platformNamespaces } from "../../core/names";
import { terraformJson } from "../../core/terraform-text";

export type IssuerName = keyof typeof platformNames.clusterIssuer;

export const ACME_SERVERS = {
  "letsencrypt-production": "https://acme-v02.api.letsencrypt.org/directory",
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;

/** One ClusterIssuer as the API expects it (`cert-manager.io/v1`). */
export interface ClusterIssuerObject {
  readonly name: string;
  readonly spec: Record<string, unknown>;
}

export interface ClusterIssuersProps {
  /** Let's Encrypt staging and production issuers solving DNS-01 in this zone. @default none */
  readonly acme?: { readonly email: string; readonly rootDomain: string; readonly hostedZoneId: string; readonly region: string };
  /** Add the self-signed issuer (local clusters). @default false */
  readonly selfSigned?: boolean;
  /** The cert-manager release; issuers are admitted by its webhook. */
  readonly dependsOn: ITerraformDependable[];
}

/** The ClusterIssuer objects for the given settings; exported so tests validate them against the CRD schema. */
export function clusterIssuerObjects(props: Omit<ClusterIssuersProps, "dependsOn">): ClusterIssuerObject[] {
  const issuers: ClusterIssuerObject[] = [];
  const acme = props.acme;
  if (acme) {
    for (const name of ["letsencrypt-staging", "letsencrypt-production"] as const) {
      issuers.push({
        name: platformNames.clusterIssuer[name],
        spec: {
          acme: {
            server: ACME_SERVERS[name],
            email: acme.email,
            privateKeySecretRef: { name: `${name}-account-key` },
            solvers: [
              {
                selector: { dnsZones: [acme.rootDomain] },
                // No role or credentials: the controller's Pod Identity is the ambient credential.
                dns01: { route53: { region: acme.region, hostedZoneID: acme.hostedZoneId } },
              },
            ],
          },
        },
      });
    }
  }
  if (props.selfSigned) issuers.push({ name: platformNames.clusterIssuer["self-signed"], spec: { selfSigned: {} } });
  return issuers;
}

/**
 * The ClusterIssuers, installed as a release of a small local chart rather than
 * as `kubernetes_manifest` resources: the manifest resource needs the
 * ClusterIssuer CRD at plan time, and the CRD only exists once the cert-manager
 * release in the same stack has been applied. Helm resolves kinds at apply
 * time, after cert-manager is up, so one `cdktf deploy` creates both.
 */
export class ClusterIssuers extends Construct {
  readonly release: Release;
  readonly issuers: ClusterIssuerObject[];

  constructor(scope: Construct, id: string, props: ClusterIssuersProps) {
    super(scope, id);
    this.issuers = clusterIssuerObjects(props);
    const chart = new TerraformAsset(this, "chart", {
      path: path.join(__dirname, "chart"),
      type: AssetType.DIRECTORY,
    });
    this.release = new Release(this, "release", {
      name: "cluster-issuers",
      namespace: platformNamespaces.certManager,
      chart: chart.path,
      values: [terraformJson({ labels: platformLabels("cluster-issuers"), clusterIssuers: this.issuers })],
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: 300,
      dependsOn: props.dependsOn,
    });
  }
}
