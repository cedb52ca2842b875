import type { Construct } from "constructs";
import type { CoinName } from "../coinstacks";
import type { CoinSettings } from "../lib/coinstack/config";
import type { EnvironmentConfig } from "../lib/config/schema";
import { EnvironmentStack } from "../lib/core/environment-stack";
import { type ClusterAccess, kubernetesProvider } from "../lib/core/kubernetes-providers";

export interface CoinStackProps {
  readonly env: EnvironmentConfig;
  readonly coin: CoinName;
  readonly settings: CoinSettings;
  readonly access: ClusterAccess;
}

/**
 * `<env>-<coin>`: one coinstack. Deployed after the platform stack, whose
 * charts install the CRDs (Certificate, IngressRoute, ServiceMonitor) this
 * stack's `kubernetes_manifest` resources need at plan time.
 */
export class CoinStack extends EnvironmentStack {
  readonly coin: CoinName;

  constructor(scope: Construct, id: string, props: CoinStackProps) {
    super(scope, id, { env: props.env });
    this.coin = props.coin;
    kubernetesProvider(this, props.access);
  }
}
