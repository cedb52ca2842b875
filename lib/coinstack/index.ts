import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Construct } from "constructs";
import { platformNames } from "../core/names";
import { Credentials } from "./credentials";
import { CoinIngress } from "./ingress";
import { alertRules, disruptionBudget, podMonitor } from "./manifests";
import { CoinNamespace } from "./namespace";
import { CoinNetworkPolicies } from "./network-policies";
import type { ResolvedCoinstack } from "./resolve";
import { MaintenanceConfigMap, quiescedServices } from "./maintenance";
import { QuiescedBackup } from "./quiesced-backup";
import { ScriptsConfigMap } from "./scripts-config-map";
import { CoinServices } from "./services";
import { CoinVolumes } from "./storage";
import { VolumeOperations } from "./volume-operations";
import { CoinStatefulSet } from "./workload";
import { terraformTextDeep } from "../core/terraform-text";

export interface CoinstackProps {
  readonly coinstack: ResolvedCoinstack;
  /** Emit a PodMonitor and alert rules (the platform runs prometheus-operator). @default false */
  readonly monitoring?: boolean;
  /** The EBS volume made from each seed's and restore's snapshot, by its PersistentVolume's name. @default none */
  readonly volumeHandles?: ReadonlyMap<string, string>;
  /** Coins of the environment that read this one (an L2 reading its L1). @default [] */
  readonly consumers?: readonly ResolvedCoinstack[];
}

/**
 * One coinstack: the hardened port of unchained's `deployStatefulService`.
 * Namespace → credentials, scripts, claims → StatefulSet → Services, ingress,
 * disruption budget, network policies and monitoring.
 */
export class Coinstack extends Construct {
  readonly namespace: CoinNamespace;
  readonly volumes: CoinVolumes;
  readonly statefulSet: CoinStatefulSet;
  readonly services: CoinServices;

  constructor(scope: Construct, id: string, props: CoinstackProps) {
    super(scope, id);
    const { coinstack } = props;
    this.namespace = new CoinNamespace(this, "namespace", {
      names: coinstack.names,
      imagePullSecrets: coinstack.settings.scheduling.imagePullSecrets,
    });
    const namespace = this.namespace.namespace.metadata.name;
    const inNamespace = [this.namespace.namespace];

    const credentials = new Credentials(this, "credentials", { coinstack, namespace });
    // One workload's objects; further workloads (e.g. a validator) get the same under their own
    // names, in a scope of their own, with the main workload as their only P2P peers when protected.
    const workloadObjects = (scope: Construct, unit: ResolvedCoinstack, peers?: ResolvedCoinstack) => {
      const scripts = new ScriptsConfigMap(scope, "scripts", { coinstack: unit, namespace });
      const operations = unit.volumeOperations.length > 0
        ? new VolumeOperations(scope, "volume-operations", { coinstack: unit, namespace, volumeHandles: props.volumeHandles ?? new Map() })
        : undefined;
      const volumes = new CoinVolumes(scope, "volumes", { coinstack: unit, namespace, createdAfter: operations?.createdAfter });
      operations?.runSeedsAfter(volumes.claims);
      const maintenance = new MaintenanceConfigMap(scope, "maintenance", { coinstack: unit, namespace });
      const statefulSet = new CoinStatefulSet(scope, "workload", {
        coinstack: unit,
        namespace,
        serviceAccountName: this.namespace.serviceAccount.metadata.name,
        configMapName: scripts.configMap.metadata.name,
        maintenanceConfigMapName: maintenance.configMap.metadata.name,
        quiesceConfigMapName: maintenance.quiesce?.metadata.name,
        scriptsChecksum: scripts.checksum,
        secretName: credentials.secretName,
        credentialsRevision: credentials.revision,
        dependsOn: [...volumes.claims, scripts.configMap, maintenance.configMap, ...(maintenance.quiesce ? [maintenance.quiesce] : []), ...(credentials.secret ? [credentials.secret] : []), ...(operations?.statefulSetAfter ?? [])],
      });
      for (const { service, backup } of quiescedServices(unit)) {
        new QuiescedBackup(scope, `quiesced-backup-${service.name}`, { coinstack: unit, service, backup, namespace });
      }
      const services = new CoinServices(scope, "services", { coinstack: unit, namespace });
      new CoinNetworkPolicies(scope, "network-policies", { coinstack: unit, namespace, peers, consumers: peers === undefined ? props.consumers : undefined });
      new Manifest(scope, "disruption-budget", { manifest: terraformTextDeep(disruptionBudget(unit)), dependsOn: inNamespace });
      if (props.monitoring) {
        const podMonitorObject = podMonitor(unit);
        if (podMonitorObject) new Manifest(scope, "pod-monitor", { manifest: terraformTextDeep(podMonitorObject), dependsOn: inNamespace });
        new Manifest(scope, "alert-rules", { manifest: terraformTextDeep(alertRules(unit)), dependsOn: inNamespace });
      }
      return { volumes, statefulSet, services };
    };

    const main = workloadObjects(this, coinstack);
    this.volumes = main.volumes;
    this.statefulSet = main.statefulSet;
    this.services = main.services;
    for (const workload of coinstack.workloads) workloadObjects(new Construct(this, `workload-${workload.workload}`), workload, coinstack);

    if (coinstack.routes.length > 0) {
      new CoinIngress(this, "ingress", {
        coinstack,
        issuer: platformNames.clusterIssuer[coinstack.env.platform.certManager.issuer],
        dependsOn: inNamespace,
      });
    }
  }
}
