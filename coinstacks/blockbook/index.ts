import { PortRole, type Resources, type ServiceDefinition, type StorageSpec } from "../../lib/coinstack/definition";
import { probeLibrary, script } from "../lib/scripts";

/** Image of the blockbook indexer used across UTXO and EVM coins. */
export const BLOCKBOOK_IMAGE = "shapeshiftdao/unchained-blockbook:c2cb648";
export const BLOCKBOOK_PORT = 8001;
/** Blockbook's internal server (`-internal`, coinstacks/blockbook/init.sh): its status page and /metrics. */
export const BLOCKBOOK_INTERNAL_PORT = 9030;

/**
 * Blockbook's Prometheus metrics, served by its internal server at /metrics (server/internal.go):
 * blockbook_best_height, the indexed height, and blockbook_backend_best_height, its backend's
 * (common/metrics.go, both since 2021 and unchanged at trezor/blockbook's main line of 2026-07; the
 * image's fork, shapeshiftdao/unchained-blockbook, could not be read here).
 */
const BLOCKBOOK_METRICS = { height: { name: "blockbook_best_height" }, backendHeight: { name: "blockbook_backend_best_height" } } as const;

/**
 * Probe thresholds and tunables of the indexer, as environment variables (see the
 * scripts' header comments); `coins.<coin>.services.indexer.env` overrides them.
 */
export const BLOCKBOOK_THRESHOLDS = ["INDEXER_LAG_TOLERANCE", "LIVENESS_WINDOW_SECONDS", "RPC_TIMEOUT", "BACKEND_WAIT_INTERVAL", "BLOCKBOOK_WORKERS"] as const;

export interface BlockbookProps {
  /** Blockbook's per-coin config (coin_name, rpc_url, message_queue_binding…); RPC credentials are added at start. */
  readonly config: Record<string, unknown>;
  readonly resources: Resources;
  readonly storage: StorageSpec;
  /** Extra environment, e.g. a family's liveness window. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** @default BLOCKBOOK_IMAGE */
  readonly image?: string;
  /**
   * Init script: renders the config and waits for the backend. The default speaks bitcoind's
   * authenticated JSON-RPC; a family whose backend differs brings its own.
   * @default blockbook/init.sh
   */
  readonly init?: string;
}

/**
 * The `indexer` service: blockbook, public API on 8001 routed at
 * `indexer.<asset>…`, ready when in sync and close to its backend.
 */
export function blockbookService(props: BlockbookProps): ServiceDefinition {
  return {
    name: "indexer",
    image: props.image ?? BLOCKBOOK_IMAGE,
    ports: [
      { name: "public", port: BLOCKBOOK_PORT, role: PortRole.API, route: {} },
      { name: "indexer-metrics", port: BLOCKBOOK_INTERNAL_PORT, role: PortRole.METRICS, metrics: BLOCKBOOK_METRICS },
    ],
    env: { BLOCKBOOK_PORT: String(BLOCKBOOK_PORT), BLOCKBOOK_INTERNAL_PORT: String(BLOCKBOOK_INTERNAL_PORT), INDEXER_LAG_TOLERANCE: "2", ...props.env },
    integerEnv: BLOCKBOOK_THRESHOLDS,
    scripts: {
      init: props.init ?? script("blockbook/init.sh"),
      startup: script("blockbook/startup.sh"),
      liveness: script("blockbook/liveness.sh"),
      readiness: script("blockbook/readiness.sh"),
    },
    probes: { readiness: { periodSeconds: 15, failureThreshold: 8 } },
    configFiles: [
      probeLibrary("indexer"),
      { key: "indexer-blockbook-config.json", mountPath: "/blockbook-config.json", content: `${JSON.stringify(props.config, null, 2)}\n` },
    ],
    resources: props.resources,
    storage: props.storage,
  };
}
