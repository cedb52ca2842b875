import type { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn } from "cdktf";
import type { Construct } from "constructs";
import { terraformText } from "./terraform-text";

/** How a stack reaches its cluster. */
export type ClusterAccess =
  | {
      readonly kind: "eks";
      /** The cluster resource of the `<env>-cluster` stack; reading it makes a cross-stack reference. */
      readonly cluster: EksCluster;
      readonly region: string;
    }
  | { readonly kind: "kubeconfig"; readonly path: string; readonly context: string };

/**
 * Credentials come from `aws eks get-token` at every Terraform run, so a long
 * apply never outlives a token (aws_eks_cluster_auth tokens expire after 15 minutes).
 */
function eksExec(access: Extract<ClusterAccess, { kind: "eks" }>) {
  return {
    apiVersion: "client.authentication.k8s.io/v1beta1",
    command: "aws",
    args: ["eks", "get-token", "--cluster-name", access.cluster.name, "--region", access.region, "--output", "json"],
  };
}

function connection(access: ClusterAccess) {
  // An operator types these freely (a context may be an ARN); Terraform must read them as text.
  if (access.kind === "kubeconfig") return { configPath: terraformText(access.path), configContext: terraformText(access.context) };
  return {
    host: access.cluster.endpoint,
    clusterCaCertificate: Fn.base64decode(access.cluster.certificateAuthority.get(0).data),
  };
}

export function kubernetesProvider(scope: Construct, access: ClusterAccess): KubernetesProvider {
  return new KubernetesProvider(scope, "kubernetes", {
    ...connection(access),
    exec: access.kind === "eks" ? [eksExec(access)] : undefined,
  });
}

export function helmProvider(scope: Construct, access: ClusterAccess): HelmProvider {
  return new HelmProvider(scope, "helm", {
    kubernetes: { ...connection(access), exec: access.kind === "eks" ? eksExec(access) : undefined },
  });
}
