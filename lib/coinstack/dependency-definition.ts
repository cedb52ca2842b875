/** What a coin definition declares about another coin it reads (an L2's L1). */
import type { CoinDefinition } from "./definition";

/**
 * Endpoints of another coin that some services of this one read, as URLs in their environment. In
 * the same environment it becomes a stack dependency and NetworkPolicies that admit exactly these
 * pods to exactly those ports; a disabled provider without external endpoints fails synth.
 */
export interface CoinDependency {
  /** Key under `coins.<coin>.dependencies` in config, e.g. "l1". */
  readonly name: string;
  /** The coin that serves it, from the catalog. */
  readonly provider: CoinDefinition;
  /** The provider's network each network of this coin needs. */
  readonly networks: Readonly<Record<string, string>>;
  /** Services of this coin that read the endpoints. */
  readonly services: readonly string[];
  readonly endpoints: readonly DependencyEndpoint[];
}

export interface DependencyEndpoint {
  /** Key under `coins.<coin>.dependencies.<name>.external`, e.g. "execution". */
  readonly name: string;
  /** Environment variable of the reading services that holds the URL. */
  readonly env: string;
  /** The provider's port (its name) in the same environment: `http://<client Service>.<namespace>.svc:<port>`. */
  readonly port: string;
}
