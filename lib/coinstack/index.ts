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
    const scripts = new ScriptsConfigMap(this, "scripts", { coinstack, namespace });
    this.volumes = new CoinVolumes(this, "volumes", { coinstack, namespace });
    this.statefulSet = new CoinStatefulSet(this, "workload", {
      coinstack,
      namespace,
      serviceAccountName: this.namespace.serviceAccount.metadata.name,
      configMapName: scripts.configMap.metadata.name,
      scriptsChecksum: scripts.checksum,
      secretName: credentials.secretName,
      dependsOn: [...this.volumes.claims, scripts.configMap, ...(credentials.secret ? [credentials.secret] : [])],
    });
    this.services = new CoinServices(this, "services", { coinstack, namespace });
    new CoinNetworkPolicies(this, "network-policies", { coinstack, namespace });
    new Manifest(this, "disruption-budget", { manifest: disruptionBudget(coinstack), dependsOn: inNamespace });

    if (coinstack.routes.length > 0) {
      new CoinIngress(this, "ingress", {
        coinstack,
        issuer: platformNames.clusterIssuer[coinstack.env.platform.certManager.issuer],
        dependsOn: inNamespace,
      });
    }
    if (props.monitoring) {
      const monitor = podMonitor(coinstack);
      if (monitor) new Manifest(this, "pod-monitor", { manifest: monitor, dependsOn: inNamespace });
      new Manifest(this, "alert-rules", { manifest: alertRules(coinstack), dependsOn: inNamespace });
    }
  }
}
