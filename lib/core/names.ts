/**
 * The one place that decides what things are called: stack ids, state keys,
 * AWS resource names, Kubernetes names and labels. Alerts, dashboards and
 * runbooks key on these, so every construct asks here instead of building
 * strings itself. The environment-level names (stacks, state, AWS) are defined
 * in lib/config/environment-names.ts, below config's schema, which validates them.
 */

export {
  awsNames,
  clusterName,
  localStatePath,
  NODE_GROUP_PREFIX_MAX,
  StackLayer,
  stackIds,
  stateKey,
} from "../config/environment-names";

/** Value of the `app` label on every object the project creates (kept from the original system). */
export const APP_LABEL = "unchained";

/** `app.kubernetes.io/managed-by` value. */
export const MANAGED_BY = "cdktf";

/** `app.kubernetes.io/part-of` value. */
export const PART_OF = "coinstacks";

/** Pod-template annotation carrying a generated Secret's revision: a rotation changes it and restarts the pods that read it. */
export const CREDENTIALS_REVISION_ANNOTATION = "coinstacks.io/credentials-revision";

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
  /** The VolumeSnapshotClass of EBS snapshots, whose snapshots outlive their VolumeSnapshot objects. */
  ebsSnapshotClass: "ebs-retain",
  /** The snapshot class of quiesced backups: their EBS snapshots go with their VolumeSnapshots. */
  ebsScheduledSnapshotClass: "ebs-scheduled",
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

function claimPrefix(service: string, statefulSet: string): string {
  return `data-${service}-${statefulSet}-`;
}

/** A coin's labels: those its pods are selected by, the whole set, and its Jobs'. */
function labelsFor(coin: string, asset: string) {
  const app = { "app.kubernetes.io/name": coin, "app.kubernetes.io/instance": asset };
  const owner = { "app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/managed-by": MANAGED_BY };
  return {
    /** Selector labels: immutable once the StatefulSet exists. */
    selectorLabels: { app: APP_LABEL, asset, tier: STATEFUL_TIER } as Record<string, string>,
    labels: { app: APP_LABEL, asset, tier: STATEFUL_TIER, ...app, "app.kubernetes.io/component": STATEFUL_TIER, ...owner } as Record<string, string>,
    /**
     * Labels of the coin's Jobs (claim replacement, quiesced backup) and of their pods: the coin's,
     * without the selector labels, so that no Service, disruption budget, NetworkPolicy or PodMonitor
     * of the coin's pods ever selects a Job's pod.
     */
    jobLabels: (component: string): Record<string, string> => ({ ...app, "app.kubernetes.io/component": component, ...owner }),
  };
}

function namesFor(coin: string, asset: string) {
  const statefulSet = `${asset}-sts`;
  const headlessService = `${asset}-headless`;
  const namespace = `coin-${asset}`;
  return {
    asset,
    namespace,
    serviceAccount: asset,
    statefulSet,
    configMap: `${asset}-scripts`,
    maintenanceConfigMap: `${asset}-maintenance`,
    /** The ConfigMap the quiesced backups write their hold into (services.<name>.backup.quiesce); Terraform leaves its data to them. */
    quiesceConfigMap: `${asset}-quiesce`,
    /** The CronJob (and its ServiceAccount, Role, policy, script) of one service's quiesced backup. */
    quiescedBackup: (service: string): string => `${asset}-quiesce-${service}`,
    /** Its hold in the quiesce ConfigMap, read by the pod's scripts (coinstacks/lib/probe-lib.sh). */
    quiesceKey: (ordinal: number, service: string): string => `quiesced-ordinal-${ordinal}-${service}`,
    /** The admission policy that keeps a quiesced backup's ServiceAccount to its own VolumeSnapshots. */
    quiescedBackupPolicy: (backup: string): string => `coinstacks-quiesced-backup-${namespace}-${backup}`,
    secret: `${asset}-credentials`,
    headlessService,
    clientService: `${asset}-svc`,
    p2pService: (ordinal: number): string => `${asset}-p2p-${ordinal}`,
    pod: (ordinal: number): string => `${statefulSet}-${ordinal}`,
    container: (service: string): string => `${asset}-${service}`,
    monitorContainer: (service: string): string => `${asset}-${service}-monitor`,
    claimTemplate: (service: string): string => `data-${service}`,
    /** Exactly what the StatefulSet controller names a claim, so it adopts the one Terraform made. */
    claim: (service: string, ordinal: number): string => `${claimPrefix(service, statefulSet)}${ordinal}`,
    /** Every ordinal's claim of a service starts with this (backups select the service's volumes by it). */
    claimPrefix: (service: string): string => claimPrefix(service, statefulSet),
    /** The Job (and its ServiceAccount and Role) that replaces one ordinal's claim of a service. */
    claimReplacementJob: (service: string, ordinal: number): string => `${asset}-replace-${service}-${ordinal}`,
    /**
     * The cluster-wide ValidatingAdmissionPolicy (and its binding) that lets one claim be created only
     * from its VolumeSnapshot, and the replacement Job create no other claim.
     */
    claimSourcePolicy: (namespace: string, claim: string): string => `coinstacks-claim-source-${namespace}-${claim}`,
    /** The ClusterRole (and its binding) that lets a claim replacement Job read PersistentVolumes. */
    claimReplacementVolumeReader: (job: string): string => `coinstacks-volume-reader-${namespace}-${job}`,
    /** The PersistentVolume made from a snapshot for one claim: one per snapshot, so a later restore of the claim gets its own. */
    snapshotVolume: (claim: string, snapshot: string): string => `${claim}-${snapshot}`,
    /** A VolumeSnapshot taken of one claim (coins.<coin>.volumeOperations, action snapshot). */
    volumeSnapshot: (claim: string, name: string): string => `${claim}-${name}`,
    scriptKey: (service: string, kind: string): string => `${service}-${kind}.sh`,
    certificateSecret: (service: string): string => `${asset}-${service}-tls`,
    middleware: `${asset}-strip-prefix`,
    disruptionBudget: `${asset}-pdb`,
    networkPolicy: (policy: string): string => policy,
    /** Per-pod DNS name through the governing headless Service (it publishes pods that are not ready). */
    podHost: (ordinal: number, namespace: string): string => `${statefulSet}-${ordinal}.${headlessService}.${namespace}.svc.cluster.local`,
    ...labelsFor(coin, asset),
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
