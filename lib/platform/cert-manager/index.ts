import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { type PodIdentityCluster, PodIdentityRole } from "../../aws/pod-identity-role";
import { platformNamespaces } from "../../core/names";
import { CHARTS } from "../charts";
import { HelmAddon } from "../helm-addon";
import { ACME_CHALLENGE_RECORDS, zoneRecordStatements } from "../route53-access";

/** Service account of the cert-manager controller (chart default for release "cert-manager"). */
export const CERT_MANAGER_SERVICE_ACCOUNT = "cert-manager";

export interface CertManagerProps {
  /**
   * Route53 access for DNS-01 challenges through Pod Identity, limited to one zone.
   * @default no AWS access (self-signed issuers only)
   */
  readonly route53?: { readonly cluster: PodIdentityCluster; readonly roleName: string; readonly hostedZoneId: string };
  /** A ServiceMonitor for Prometheus (needs prometheus-operator's CRDs: pass its release in `dependsOn`). @default false */
  readonly serviceMonitor?: boolean;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/** Chart values: CRDs installed by the chart and kept when the release is removed. */
export function certManagerValues(props: Pick<CertManagerProps, "serviceMonitor"> = {}): object {
  return {
    // Removing a CRD cascade-deletes every Certificate and Issuer, so uninstalling must keep them.
    crds: { enabled: true, keep: true },
    replicaCount: 2,
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
    serviceAccount: { create: true, name: CERT_MANAGER_SERVICE_ACCOUNT },
    webhook: { replicaCount: 2, podDisruptionBudget: { enabled: true, maxUnavailable: 1 }, timeoutSeconds: 30 },
    cainjector: { replicaCount: 2, podDisruptionBudget: { enabled: true, maxUnavailable: 1 } },
    prometheus: { enabled: true, servicemonitor: { enabled: props.serviceMonitor ?? false } },
  };
}

/**
 * Records cert-manager may change: only the DNS-01 challenge TXT records it presents (UPSERT) and cleans
 * up (DELETE), so a compromised controller can neither redirect a host nor touch external-dns' records.
 */
export const CERT_MANAGER_RECORDS = { names: [ACME_CHALLENGE_RECORDS], types: ["TXT"], actions: ["UPSERT", "DELETE"] } as const;

/** cert-manager from its pinned chart, with an optional zone-scoped Route53 identity for DNS-01. */
export class CertManager extends Construct {
  readonly addon: HelmAddon;

  constructor(scope: Construct, id: string, props: CertManagerProps = {}) {
    super(scope, id);
    this.addon = new HelmAddon(this, "helm", {
      releaseName: "cert-manager",
      namespace: platformNamespaces.certManager,
      chart: CHARTS.certManager,
      values: certManagerValues(props),
      dependsOn: props.dependsOn,
    });
    if (props.route53) {
      new PodIdentityRole(this, "route53-role", {
        roleName: props.route53.roleName,
        statements: [
          ...zoneRecordStatements(props.route53.hostedZoneId, "CertManager", CERT_MANAGER_RECORDS),
          { Sid: "CertManagerGetChange", Effect: "Allow", Action: "route53:GetChange", Resource: "arn:aws:route53:::change/*" },
        ],
        cluster: props.route53.cluster,
        serviceAccount: { namespace: platformNamespaces.certManager, name: CERT_MANAGER_SERVICE_ACCOUNT },
      });
    }
  }
}
