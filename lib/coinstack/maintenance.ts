import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { Construct } from "constructs";
import type { ResolvedCoinstack } from "./resolve";

/**
 * Where the pods see which ordinals are in maintenance: one file per ordinal, `ordinal-<n>`, holding
 * `stopped` or `running`. Mounted as a directory (not a subPath), so the kubelet brings a change to
 * the running pods within a minute or so, and it is not part of the scripts checksum: putting one
 * ordinal in maintenance, or lifting it, restarts no pod.
 */
export const MAINTENANCE_DIR = "/maintenance";

export function maintenanceData(coinstack: ResolvedCoinstack): Record<string, string> {
  return Object.fromEntries(coinstack.settings.maintenance.map((entry) => [`ordinal-${entry.ordinal}`, entry.daemon]));
}

/** The services whose scheduled backups are quiesced (services.<name>.backup.quiesce). */
export function quiescedServices(coinstack: ResolvedCoinstack) {
  return coinstack.services.flatMap((service) => {
    const backup = coinstack.settings.services[service.name]?.backup;
    return backup?.quiesce ? [{ service, backup: { ...backup, quiesce: backup.quiesce } }] : [];
  });
}

/**
 * The ConfigMap of the ordinals in maintenance; it exists (empty) from the start, so the first
 * maintenance changes no pod template. With quiesced backups, also the quiesce ConfigMap, whose data
 * is theirs (Terraform creates it empty and leaves its data alone); the pods see both in the same
 * directory.
 */
export class MaintenanceConfigMap extends Construct {
  readonly configMap: ConfigMapV1;
  readonly quiesce?: ConfigMapV1;

  constructor(scope: Construct, id: string, props: { coinstack: ResolvedCoinstack; namespace: string }) {
    super(scope, id);
    const { names } = props.coinstack;
    this.configMap = new ConfigMapV1(this, "config-map", {
      metadata: { name: names.maintenanceConfigMap, namespace: props.namespace, labels: names.labels },
      data: maintenanceData(props.coinstack),
    });
    if (quiescedServices(props.coinstack).length > 0) {
      this.quiesce = new ConfigMapV1(this, "quiesce", {
        metadata: { name: names.quiesceConfigMap, namespace: props.namespace, labels: names.labels },
        data: {},
        lifecycle: { ignoreChanges: ["data"] },
      });
    }
  }
}
