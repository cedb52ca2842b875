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
    this.coinstack = resolveCoinstack(props.env, COINS[props.coin], props.settings, {
      storageClassName: storageClassName(props.env),
      volumeFloors: props.volumeFloors,
    });
    new Coinstack(this, "coinstack", { coinstack: this.coinstack, monitoring: props.env.platform.monitoring.enabled });
    this.addBackups(props.env, id);
    this.policy.declarePorts(this.coinstack.ports);
    if (!props.settings.probes) {
      this.policy.addWaiver({
        check: "A12",
        resource: `${id}/kubernetes_stateful_set_v1.*`,
        reason: `coins.${props.coin}.probes is false: probes are off for maintenance`,
        origin: `config/${props.env.name}.yaml: coins.${props.coin}.probes`,
      });
    }
  }

  /** Scheduled snapshots of each service that asks for them (coins.<coin>.services.<name>.backup), main pod and workloads alike. */
  private addBackups(env: EnvironmentConfig, id: string): void {
    const pods = [this.coinstack, ...this.coinstack.workloads];
    const wanted = pods.flatMap((pod) => pod.services.flatMap((service) => {
      const backup = pod.settings.services[service.name]?.backup;
      return backup ? [{ pod, service: service.name, backup }] : [];
    }));
    if (wanted.length === 0 || !env.aws) return;
    environmentAwsProvider(this, env.aws, env.name, id);
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
