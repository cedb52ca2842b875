import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import type { Construct } from "constructs";
import { COINS, type CoinName } from "../coinstacks";
import { Coinstack } from "../lib/coinstack";
import type { CoinSettings } from "../lib/config/coin-settings";
import { resolveCoinstack, type ResolvedCoinstack, type VolumeFloors } from "../lib/coinstack/resolve";
import type { EnvironmentConfig } from "../lib/config/schema";
import { EnvironmentStack } from "../lib/core/environment-stack";
import { type ClusterAccess, kubernetesProvider } from "../lib/core/kubernetes-providers";
import { ServiceBackup } from "../lib/aws/backup/service-backup";
import { VolumeFromSnapshot } from "../lib/aws/volume-from-snapshot";
import { quiescedServices } from "../lib/coinstack/maintenance";
import { MONITOR_IMAGE } from "../lib/coinstack/monitor-image";
import { environmentAwsProvider } from "../lib/core/aws-provider";
import { clusterName } from "../lib/core/names";
import { storageClassName } from "./platform-stack";

export interface CoinStackProps {
  readonly env: EnvironmentConfig;
  readonly coin: CoinName;
  readonly settings: CoinSettings;
  readonly access: ClusterAccess;
  /** @default the committed config/volume-floors.json */
  readonly volumeFloors?: VolumeFloors;
  /** The coin resolved already (lib/app resolveEnvironment). @default resolved here from env, settings and volumeFloors */
  readonly coinstack?: ResolvedCoinstack;
  /** Coins of the environment that read this one (an L2 reading its L1). @default [] */
  readonly consumers?: readonly ResolvedCoinstack[];
}

/**
 * `<env>-<coin>`: one coinstack. Deployed after the platform stack, whose
 * charts install the CRDs (Certificate, IngressRoute, PodMonitor) this
 * stack's `kubernetes_manifest` resources need at plan time.
 */
export class CoinStack extends EnvironmentStack {
  readonly coin: CoinName;
  readonly coinstack: ResolvedCoinstack;

  constructor(scope: Construct, id: string, props: CoinStackProps) {
    super(scope, id, { env: props.env });
    this.coin = props.coin;
    kubernetesProvider(this, props.access);
    new RandomProvider(this, "random");
    this.coinstack = props.coinstack ?? resolveCoinstack(props.env, COINS[props.coin], props.settings, {
      storageClassName: storageClassName(props.env),
      volumeFloors: props.volumeFloors,
    });
    const volumeHandles = this.addVolumesFromSnapshots(props.env, id);
    new Coinstack(this, "coinstack", { coinstack: this.coinstack, monitoring: props.env.platform.monitoring.enabled, volumeHandles, consumers: props.consumers });
    this.addBackups(props.env, id);
    this.policy.declarePorts(this.coinstack.ports);
    // The coin's API Jobs run the monitor image by tag, pulled when each Job starts, as the monitor containers run it.
    const apiJobs = [
      { type: "kubernetes_job_v1", what: "the claim replacement Job", key: "volumeOperations", runs: this.pods.some((pod) => pod.volumeOperations.some((operation) => operation.replacement?.current)) },
      { type: "kubernetes_cron_job_v1", what: "the quiesced backup's CronJob", key: "services.<name>.backup.quiesce", runs: quiescedServices(this.coinstack).length > 0 },
    ];
    for (const { type, what, key } of apiJobs.filter((job) => job.runs)) {
      this.policy.addWaiver({
        check: "B2",
        resource: `${id}/${type}.*`,
        reason: `${what} runs the monitor image ${MONITOR_IMAGE}, pinned by tag and pulled when each Job starts, as the monitor containers run it`,
        origin: `config/${props.env.name}.yaml: coins.${props.coin}.${key}`,
      });
    }
    if (!props.settings.probes) {
      this.policy.addWaiver({
        check: "A12",
        resource: `${id}/kubernetes_stateful_set_v1.*`,
        reason: `coins.${props.coin}.probes is false: probes are off for maintenance`,
        origin: `config/${props.env.name}.yaml: coins.${props.coin}.probes`,
      });
    }
  }

  /** The coinstack's main pods and its further workloads. */
  private get pods(): ResolvedCoinstack[] {
    return [this.coinstack, ...this.coinstack.workloads];
  }

  /** The stack's AWS provider, made when something of the coin lives in AWS (backups, volumes from snapshots). */
  private awsProvider(aws: NonNullable<EnvironmentConfig["aws"]>, env: string, id: string): void {
    if (!this.node.tryFindChild("aws")) environmentAwsProvider(this, aws, env, id);
  }

  /** The EBS volume of each seed and restore (coins.<coin>.volumeOperations), by the name of the PersistentVolume that mounts it. */
  private addVolumesFromSnapshots(env: EnvironmentConfig, id: string): Map<string, string> {
    const handles = new Map<string, string>();
    const operations = this.pods.flatMap((pod) => pod.volumeOperations.map((operation) => ({ operation, names: pod.names })));
    for (const { operation, names } of operations) {
      // The config refuses a seed or restore without an EKS cluster and its account.
      if (!operation.fromSnapshot || !env.aws) continue;
      this.awsProvider(env.aws, env.name, id);
      const persistentVolume = names.snapshotVolume(operation.claim, operation.fromSnapshot.snapshot);
      const { volume } = new VolumeFromSnapshot(this, `volume-${persistentVolume}`, {
        clusterName: clusterName(env),
        region: env.aws.region,
        accountId: env.aws.accountId,
        environment: env.name,
        namespace: names.namespace,
        claim: operation.claim,
        ...operation.fromSnapshot,
        size: operation.service.storage.size,
        iops: operation.service.storage.iops,
        throughput: operation.service.storage.throughput,
      });
      handles.set(persistentVolume, volume.id);
    }
    return handles;
  }

  /** AWS Backup's scheduled snapshots of each service that asks for them (coins.<coin>.services.<name>.backup), main pod and workloads alike. */
  private addBackups(env: EnvironmentConfig, id: string): void {
    const pods = this.pods;
    const wanted = pods.flatMap((pod) => pod.services.flatMap((service) => {
      const backup = pod.settings.services[service.name]?.backup;
      // A quiesced backup is the cluster's CronJob (lib/coinstack/quiesced-backup), not AWS Backup's plan.
      return backup && !backup.quiesce ? [{ pod, service: service.name, backup }] : [];
    }));
    if (wanted.length === 0 || !env.aws) return;
    this.awsProvider(env.aws, env.name, id);
    for (const { pod, service, backup } of wanted) {
      new ServiceBackup(this, `backup-${pod.names.asset}-${service}`, {
        clusterName: clusterName(env),
        region: env.aws.region,
        accountId: env.aws.accountId,
        environment: env.name,
        coin: this.coin,
        service,
        asset: pod.names.asset,
        namespace: pod.names.namespace,
        claimPrefix: pod.names.claimPrefix(service),
        backup,
      });
    }
  }
}
