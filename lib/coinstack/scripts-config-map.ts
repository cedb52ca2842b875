import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { createHash } from "node:crypto";
import { Construct } from "constructs";
import type { ResolvedCoinstack } from "./resolve";
import { terraformTextDeep } from "../core/terraform-text";

/** ConfigMap data: `<service>-<kind>.sh` for every lifecycle script, then every config file. Keys were checked unique in resolve. */
export function scriptsData(coinstack: ResolvedCoinstack): Record<string, string> {
  const data: Record<string, string> = {};
  for (const service of coinstack.services) {
    for (const [kind, script] of Object.entries(service.scripts ?? {})) {
      if (script !== undefined) data[coinstack.names.scriptKey(service.name, kind)] = script;
    }
    for (const file of service.configFiles ?? []) data[file.key] = file.content;
  }
  return data;
}

/** The coinstack's scripts and config files; `checksum` rolls the pods when any of them changes. */
export class ScriptsConfigMap extends Construct {
  readonly configMap: ConfigMapV1;
  readonly checksum: string;

  constructor(scope: Construct, id: string, props: { coinstack: ResolvedCoinstack; namespace: string }) {
    super(scope, id);
    const { names } = props.coinstack;
    const data = scriptsData(props.coinstack);
    this.checksum = createHash("sha256").update(JSON.stringify(data)).digest("hex");
    this.configMap = new ConfigMapV1(this, "config-map", {
      metadata: { name: names.configMap, namespace: props.namespace, labels: names.labels },
      // Scripts are full of ${VAR} and %{…}: Terraform must hand them on byte for byte.
      data: terraformTextDeep(data),
    });
  }
}
