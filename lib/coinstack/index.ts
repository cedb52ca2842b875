import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Construct } from "constructs";
import { platformNames } from "../core/names";
import { Credentials } from "./credentials";
import { CoinIngress } from "./ingress";
import { alertRules, disruptionBudget, podMonitor } from "./manifests";
import { CoinNamespace } from "./namespace";
import { CoinNetworkPolicies } from "./network-policies";
import type { ResolvedCoinstack } from "./resolve";
import { ScriptsConfigMap } from "./scripts-config-map";
import { CoinServices } from "./services";
import { CoinVolumes } from "./storage";
import { CoinStatefulSet } from "./workload";

export interface CoinstackProps {
  readonly coinstack: ResolvedCoinstack;
  /** Emit a PodMonitor and alert rules (the platform runs prometheus-operator). @default false */
  readonly monitoring?: boolean;
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
    const pods = (scope: Construct, unit: ResolvedCoinstack): { volumes: CoinVolumes; statefulSet: CoinStatefulSet; services: CoinServices } => {
      const scripts = new ScriptsConfigMap(scope, "scripts", { coinstack: unit, namespace });
      const volumes = new CoinVolumes(scope, "volumes", { coinstack: unit, namespace });
      const statefulSet = new CoinStatefulSet(scope, "workload", {
        coinstack: unit,
        namespace,
        serviceAccountName: this.namespace.serviceAccount.metadata.name,
        configMapName: scripts.configMap.metadata.name,
        scriptsChecksum: scripts.checksum,
        secretName: credentials.secretName,
        dependsOn: [...volumes.claims, scripts.configMap, ...(credentials.secret ? [credentials.secret] : [])],
      });
      return { volumes, statefulSet, services: new CoinServices(scope, "services", { coinstack: unit, namespace }) };
    };
    const monitor = (scope: Construct, unit: ResolvedCoinstack): void => {
      const podMonitorObject = podMonitor(unit);
      if (podMonitorObject) new Manifest(scope, "pod-monitor", { manifest: podMonitorObject, dependsOn: inNamespace });
      new Manifest(scope, "alert-rules", { manifest: alertRules(unit), dependsOn: inNamespace });
    };

    const main = pods(this, coinstack);
    this.volumes = main.volumes;
    this.statefulSet = main.statefulSet;
    this.services = main.services;
    new CoinNetworkPolicies(this, "network-policies", { coinstack, namespace });
    new Manifest(this, "disruption-budget", { manifest: disruptionBudget(coinstack), dependsOn: inNamespace });

    // Further workloads (e.g. a validator): the same objects under their own names, in a scope of their own.
    for (const workload of coinstack.workloads) {
      const scope = new Construct(this, `workload-${workload.workload}`);
      pods(scope, workload);
      new CoinNetworkPolicies(scope, "network-policies", { coinstack: workload, namespace, peers: coinstack });
      new Manifest(scope, "disruption-budget", { manifest: disruptionBudget(workload), dependsOn: inNamespace });
      if (props.monitoring) monitor(scope, workload);
    }

    if (coinstack.routes.length > 0) {
      new CoinIngress(this, "ingress", {
        coinstack,
        issuer: platformNames.clusterIssuer[coinstack.env.platform.certManager.issuer],
        dependsOn: inNamespace,
      });
    }
    if (props.monitoring) monitor(this, coinstack);
  }
}
