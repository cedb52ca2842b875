import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Construct } from "constructs";
import type { CoinstackNames } from "../core/names";

/** Pod Security labels: the API server itself rejects pods that are not `restricted`. */
export const RESTRICTED_POD_SECURITY = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/enforce-version": "latest",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
} as const;

/**
 * The coin's namespace (deleting it would delete every claim in it, so
 * Terraform refuses to destroy it) and the pods' own ServiceAccount, which
 * has no API token mounted: nodes never call the Kubernetes API.
 */
export class CoinNamespace extends Construct {
  readonly namespace: NamespaceV1;
  readonly serviceAccount: ServiceAccountV1;

  constructor(scope: Construct, id: string, props: { names: CoinstackNames; imagePullSecrets: readonly string[] }) {
    super(scope, id);
    const { names } = props;
    this.namespace = new NamespaceV1(this, "namespace", {
      metadata: { name: names.namespace, labels: { ...names.labels, ...RESTRICTED_POD_SECURITY } },
      lifecycle: { preventDestroy: true },
    });
    this.serviceAccount = new ServiceAccountV1(this, "service-account", {
      metadata: { name: names.serviceAccount, namespace: this.namespace.metadata.name, labels: names.labels },
      automountServiceAccountToken: false,
      imagePullSecret: props.imagePullSecrets.map((name) => ({ name })),
    });
  }
}
