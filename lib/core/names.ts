/**
 * The one place that decides what things are called: stack ids, state keys,
 * AWS resource names, Kubernetes names and labels. Alerts, dashboards and
 * runbooks key on these, so every construct asks here instead of building
 * strings itself.
 */
import type { EnvironmentConfig } from "../config/schema";

/** The layers every environment is built from, in deployment order. */
export enum StackLayer {
  BOOTSTRAP = "bootstrap",
  CLUSTER = "cluster",
  PLATFORM = "platform",
}

/** Value of the `app` label on every object the project creates (kept from the original system). */
export const APP_LABEL = "unchained";

/** `app.kubernetes.io/managed-by` value. */
export const MANAGED_BY = "cdktf";

/** `app.kubernetes.io/part-of` value. */
export const PART_OF = "coinstacks";

/** Pod-template annotation carrying a generated Secret's revision: a rotation changes it and restarts the pods that read it. */
export const CREDENTIALS_REVISION_ANNOTATION = "coinstacks.io/credentials-revision";

export const stackIds = {
  bootstrap: (env: string): string => `${env}-${StackLayer.BOOTSTRAP}`,
  cluster: (env: string): string => `${env}-${StackLayer.CLUSTER}`,
  platform: (env: string): string => `${env}-${StackLayer.PLATFORM}`,
  coin: (env: string, coin: string): string => `${env}-${coin}`,
};

/** S3 object key of a stack's state: `<env>/<stack>.tfstate`. */
export function stateKey(env: string, stackId: string): string {
  return `${env}/${stackId}.tfstate`;
}

/**
 * Local-backend state path, relative to the stack's working directory
 * (`cdktf.out/stacks/<stack>`), so state lives in `state/` at the project root
 * and survives `cdktf.out` being wiped. Consumers read it from a sibling stack
 * directory, where the same relative path points at the same file.
 */
export function localStatePath(stackId: string): string {
  return `../../../state/${stackId}.tfstate`;
}

/** Name of an environment's EKS cluster: `cluster.name`, by default `<namePrefix>-<env>`. */
export function clusterName(env: Pick<EnvironmentConfig, "cluster" | "namePrefix" | "name">): string {
  return env.cluster?.name ?? awsNames.defaultCluster(env.namePrefix, env.name);
}

/** Names of AWS resources that belong to one environment. */
export const awsNames = {
  /** The EKS cluster's name unless `cluster.name` sets one. */
  defaultCluster: (prefix: string, env: string): string => `${prefix}-${env}`,
  stateBucket: (prefix: string, env: string): string => `${prefix}-${env}-tfstate`,
  stateKeyAlias: (prefix: string, env: string): string => `alias/${prefix}-${env}-tfstate`,
  clusterKeyAlias: (cluster: string): string => `alias/${cluster}-eks`,
  logsKeyAlias: (cluster: string): string => `alias/${cluster}-logs`,
  clusterLogGroup: (cluster: string): string => `/aws/eks/${cluster}/cluster`,
  flowLogGroup: (cluster: string): string => `/aws/vpc/${cluster}/flow-logs`,
  clusterRole: (cluster: string): string => `${cluster}-cluster`,
  nodeRole: (cluster: string): string => `${cluster}-node`,
  flowLogRole: (cluster: string): string => `${cluster}-flow-logs`,
  /** IAM role assumed through EKS Pod Identity by one workload. */
  podIdentityRole: (cluster: string, workload: string): string => `${cluster}-${workload}`,
  /** Name of a node group's launch template and its instances' Name tag. */
  nodeGroup: (cluster: string, group: string): string => `${cluster}-${group}`,
  /**
   * Prefix of a node group's name; EKS appends a 26-character unique suffix, so a replacement
   * can be created beside the group it replaces (create_before_destroy).
   */
  nodeGroupPrefix: (cluster: string, group: string): string => `${cluster}-${group}-`,
  /** ARN of an EKS cluster (built from config, so other stacks can name it without a cross-stack reference). */
  clusterArn: (region: string, accountId: string, cluster: string): string => `arn:aws:eks:${region}:${accountId}:cluster/${cluster}`,
  /** ARN pattern of every Pod Identity association of one cluster. */
  podIdentityAssociationArns: (region: string, accountId: string, cluster: string): string =>
    `arn:aws:eks:${region}:${accountId}:podidentityassociation/${cluster}/*`,
};

/** Longest node group name prefix the AWS provider accepts: 63 characters less its unique suffix. */
export const NODE_GROUP_PREFIX_MAX = 63 - 26;

/** Namespaces of the platform add-ons. */
export const platformNamespaces = {
  certManager: "cert-manager",
  traefik: "traefik",
  externalDns: "external-dns",
  monitoring: "monitoring",
};

/** Names of cluster-scoped platform objects that coinstacks refer to. */
export const platformNames = {
  /** The StorageClass created on EKS. */
  gp3StorageClass: "gp3",
  /** ClusterIssuer names, by issuer kind. */
  clusterIssuer: {
    "letsencrypt-production": "letsencrypt-production",
    "letsencrypt-staging": "letsencrypt-staging",
    "self-signed": "self-signed",
  } as const,
  traefikIngressClass: "traefik",
  /** PriorityClasses: chain pods outrank the platform's, so a full node evicts Prometheus before a syncing daemon. */
  priorityClass: { chain: "coinstacks-chain", platform: "coinstacks-platform" },
};

/** Standard labels for a platform add-on's objects. */
export function platformLabels(component: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": component,
    "app.kubernetes.io/part-of": PART_OF,
    "app.kubernetes.io/managed-by": MANAGED_BY,
  };
}

/** AWS tags applied to every resource of an environment through the provider's default_tags. */
export function defaultTags(env: string, stackId: string): Record<string, string> {
  return {
    Environment: env,
    Stack: stackId,
    ManagedBy: MANAGED_BY,
    Project: PART_OF,
  };
}

/** Tier label of coinstack workloads (kept from the original system; alerts select on it). */
export const STATEFUL_TIER = "statefulservice";

/**
 * Names of one coinstack's objects. `asset` is the coin on mainnet and
 * `<coin>-<network>` elsewhere, as in the original system.
 */
export function coinstackNames(coin: string, network: string, mainnet: string) {
  return namesFor(coin, network === mainnet ? coin : `${coin}-${network}`);
}

/**
 * Names of a further workload of a coinstack (e.g. polkadot's validator): its own asset
 * `<asset>-<workload>` and therefore its own StatefulSet, selector labels, Services, claims,
 * scripts, PDB and policies, in the coinstack's namespace with its ServiceAccount and Secret.
 */
export function workloadNames(coin: string, main: CoinstackNames, workload: string): CoinstackNames {
  const names = namesFor(coin, `${main.asset}-${workload}`);
  return {
    ...names,
    namespace: main.namespace,
    serviceAccount: main.serviceAccount,
    secret: main.secret,
    networkPolicy: (policy: string): string => `${workload}-${policy}`,
  };
}

function namesFor(coin: string, asset: string) {
  const statefulSet = `${asset}-sts`;
  const headlessService = `${asset}-headless`;
  return {
    asset,
    namespace: `coin-${asset}`,
    serviceAccount: asset,
    statefulSet,
    configMap: `${asset}-scripts`,
    secret: `${asset}-credentials`,
    headlessService,
    clientService: `${asset}-svc`,
    p2pService: (ordinal: number): string => `${asset}-p2p-${ordinal}`,
    pod: (ordinal: number): string => `${statefulSet}-${ordinal}`,
    container: (service: string): string => `${asset}-${service}`,
    monitorContainer: (service: string): string => `${asset}-${service}-monitor`,
    claimTemplate: (service: string): string => `data-${service}`,
    /** Exactly what the StatefulSet controller names a claim, so it adopts the one Terraform made. */
    claim: (service: string, ordinal: number): string => `data-${service}-${statefulSet}-${ordinal}`,
    scriptKey: (service: string, kind: string): string => `${service}-${kind}.sh`,
    certificateSecret: (service: string): string => `${asset}-${service}-tls`,
    middleware: `${asset}-strip-prefix`,
    disruptionBudget: `${asset}-pdb`,
    networkPolicy: (policy: string): string => policy,
    /** Per-pod DNS name through the governing headless Service (it publishes pods that are not ready). */
    podHost: (ordinal: number, namespace: string): string => `${statefulSet}-${ordinal}.${headlessService}.${namespace}.svc.cluster.local`,
    /** Selector labels: immutable once the StatefulSet exists. */
    selectorLabels: { app: APP_LABEL, asset, tier: STATEFUL_TIER } as Record<string, string>,
    labels: {
      app: APP_LABEL,
      asset,
      tier: STATEFUL_TIER,
      "app.kubernetes.io/name": coin,
      "app.kubernetes.io/instance": asset,
      "app.kubernetes.io/component": STATEFUL_TIER,
      "app.kubernetes.io/part-of": PART_OF,
      "app.kubernetes.io/managed-by": MANAGED_BY,
    } as Record<string, string>,
  };
}

export type CoinstackNames = ReturnType<typeof namesFor>;

/** Public host of a routed service: `<service>.<asset>[.<label>].<root>`. */
export function serviceHost(service: string, asset: string, rootDomain: string, environmentLabel?: string): string {
  return [service, asset, environmentDomain(rootDomain, environmentLabel)].join(".");
}

/** The domain every public name of an environment ends with: `[<label>.]<root>`. */
export function environmentDomain(rootDomain: string, environmentLabel?: string): string {
  return [environmentLabel, rootDomain].filter(Boolean).join(".");
}
