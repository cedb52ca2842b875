import { type CoinDefinition, type CoinstackSpec, PortRole, type Resources, type ServiceDefinition, type SpecContext, type StorageSpec } from "../../lib/coinstack/definition";
import { coinstackNames, workloadNames } from "../../lib/core/names";
import { probeLibrary, script } from "../lib/scripts";

/** What differs between a substrate chain's networks. */
export interface SubstrateNetwork {
  /** Selects the chain: `--chain=<id>`, or `--dev` for a private development chain. */
  readonly chainFlag: string;
  /** Liveness window on this network. @default the coin's livenessWindowSeconds */
  readonly livenessWindowSeconds?: number;
  /**
   * A private chain (`--dev`): no peers expected, no stall detection. The probes' defaults follow.
   * @default false
   */
  readonly private?: boolean;
}

export interface SubstrateCoinProps {
  readonly name: string;
  /** Node executable in the image. */
  readonly binary: string;
  readonly image: string;
  /** LIVENESS_WINDOW_SECONDS on public networks: how long the best block may stand still. */
  readonly livenessWindowSeconds: number;
  readonly networks: Readonly<Record<string, SubstrateNetwork>> & { readonly mainnet: SubstrateNetwork };
  readonly node: { readonly resources: Resources; readonly storage: StorageSpec };
  readonly validator: { readonly resources: Resources; readonly storage: StorageSpec };
}

/** Ports of every substrate node (polkadot's defaults). */
export const SUBSTRATE_PORTS = { rpc: 9944, p2p: 30333, metrics: 9615 } as const;

/** The optional workload: one validator next to the full nodes. */
export const VALIDATOR = "validator";

/** Secret key of the validator's node key (libp2p identity; its session keys stay in the keystore on its volume). */
export const VALIDATOR_NODE_KEY = "validator-node-key";

/** Secret key of full node N's node key in protected mode. */
export function fullNodeKey(ordinal: number | "{index}"): string {
  return `node-key-${ordinal}`;
}

/**
 * Probe thresholds and tunables, as environment variables (see the scripts' headers);
 * `coins.<coin>.services.daemon.env` (or `workloads.validator.services.daemon.env`) overrides them.
 */
export const SUBSTRATE_THRESHOLDS = ["MIN_PEERS", "LIVENESS_WINDOW_SECONDS", "RPC_TIMEOUT", "RPC_EXTERNAL", "RESERVED_ONLY", "METRICS_PORT"] as const;

const NO_CONTEXT: SpecContext = { replicas: 1, workloads: {} };

/**
 * The substrate family: `daemon` full nodes (the main StatefulSet, replicas from config,
 * per-pod P2P Services, RPC for the coinstack's clients, Prometheus metrics) and, when
 * `workloads.validator.enabled`, one validator in a StatefulSet of its own.
 *
 * Validator safety: its replica count is fixed at one (two validators with the same session keys
 * equivocate and are slashed); a StatefulSet never surges (an update deletes the old pod and waits
 * for it to be gone, up to the 600 s grace period, before creating the new one), OrderedReady, its
 * keystore is on a ReadWriteOnce EBS volume that attaches to one node at a time, and its PDB allows
 * one eviction (there is only one pod; a budget of zero would block node drains forever). Never
 * `kubectl delete --force` its pod on an unreachable node: that is the one way to get two.
 *
 * Protected mode (`workloads.validator.protected`) and reserved peering: a reserved multiaddr must
 * name the peer's ID, which is derived from its node key and cannot be computed in Terraform. So
 * every node involved gets its node key from the credentials Secret (Terraform-generated hex, or
 * `existingSecret`), passed by path with `--node-key-file`, and init.sh derives the other side's
 * peer ID at start with `polkadot key inspect-node-key --file`:
 * - full node N uses `node-key-N` and reserves the validator at its headless DNS name
 *   (`/dns4/<asset>-validator-sts-0.<asset>-validator-headless.<ns>.svc.cluster.local/tcp/30333/p2p/<id>`);
 * - the validator uses `validator-node-key`, reserves every full node the same way and runs
 *   `--reserved-only`; the NetworkPolicy lets it reach its full nodes' P2P port and kube-dns only.
 * The headless Services publish pods that are not ready, so the names resolve while nodes sync.
 * Trade-off: full nodes mount the validator's node key (only to derive its public ID). It is the
 * libp2p identity, not a signing key (session keys never leave the validator's volume). Changing
 * the full-node replicas changes the validator's reserved list, which restarts it.
 */
export function substrateCoin(props: SubstrateCoinProps): CoinDefinition {
  const networks = Object.keys(props.networks);
  const mainnetFirst: [string, ...string[]] = ["mainnet", ...networks.filter((n) => n !== "mainnet")];
  return {
    name: props.name,
    networks: mainnetFirst,
    workloads: [VALIDATOR],
    spec(networkName: string, context: SpecContext = NO_CONTEXT): CoinstackSpec {
      const network = props.networks[networkName];
      if (!network) throw new Error(`${props.name}: no network ${networkName}`);
      const validator = context.workloads[VALIDATOR] ?? { enabled: false, protected: false };
      const isProtected = validator.enabled && validator.protected;
      const names = coinstackNames(props.name, networkName, "mainnet");
      const validatorNames = workloadNames(props.name, names, VALIDATOR);
      const fullNodeKeys = isProtected ? Array.from({ length: context.replicas }, (_, i) => fullNodeKey(i)) : [];
      const secrets = [...(validator.enabled ? [{ key: VALIDATOR_NODE_KEY, length: 64, hex: true }] : []), ...fullNodeKeys.map((key) => ({ key, length: 64, hex: true }))];

      const node = (role: "full" | "validator", env: Record<string, string>, sizes: SubstrateCoinProps["node"]): ServiceDefinition => ({
        name: "daemon",
        image: props.image,
        ports: [
          ...(role === "full" ? [{ name: "rpc", port: SUBSTRATE_PORTS.rpc, role: PortRole.RPC }] : []),
          { name: "p2p", port: SUBSTRATE_PORTS.p2p, role: PortRole.P2P },
          { name: "metrics", port: SUBSTRATE_PORTS.metrics, role: PortRole.METRICS },
        ],
        env: {
          NODE_BINARY: props.binary,
          CHAIN_FLAG: network.chainFlag,
          ROLE: role,
          RPC_PORT: String(SUBSTRATE_PORTS.rpc),
          P2P_PORT: String(SUBSTRATE_PORTS.p2p),
          P2P_PORT_NAME: "P2P",
          METRICS_PORT: String(SUBSTRATE_PORTS.metrics),
          MIN_PEERS: network.private ? "0" : "1",
          LIVENESS_WINDOW_SECONDS: String(network.private ? 0 : (network.livenessWindowSeconds ?? props.livenessWindowSeconds)),
          ...env,
        },
        integerEnv: SUBSTRATE_THRESHOLDS,
        scripts: {
          init: script("substrate/init.sh"),
          startup: script("substrate/startup.sh"),
          liveness: script("substrate/liveness.sh"),
          readiness: script("substrate/readiness.sh"),
        },
        configFiles: [probeLibrary("daemon"), { key: "daemon-substrate-lib.sh", mountPath: "/substrate-lib.sh", content: script("substrate/substrate-lib.sh") }],
        resources: sizes.resources,
        storage: sizes.storage,
      });

      const fullNodeEnv: Record<string, string> = isProtected
        ? { RPC_EXTERNAL: "1", NODE_KEY_FILE: fullNodeKey("{index}"), RESERVED_PEERS: `${VALIDATOR_NODE_KEY}@${validatorNames.podHost(0, names.namespace)}` }
        : { RPC_EXTERNAL: "1" };
      const validatorEnv: Record<string, string> = {
        RPC_EXTERNAL: "0",
        NODE_KEY_FILE: VALIDATOR_NODE_KEY,
        ...(isProtected ? { RESERVED_PEERS: fullNodeKeys.map((key, i) => `${key}@${names.podHost(i, names.namespace)}`).join(" "), RESERVED_ONLY: "1" } : {}),
      };

      return {
        secrets,
        secretKeys: isProtected ? [...fullNodeKeys, VALIDATOR_NODE_KEY] : [],
        services: [node("full", fullNodeEnv, props.node)],
        workloads: validator.enabled
          ? [
              {
                name: VALIDATOR,
                replicas: 1,
                replicasReason: "a validator runs exactly one replica (two validators with the same keys equivocate and are slashed)",
                secretKeys: [VALIDATOR_NODE_KEY, ...fullNodeKeys],
                protected: isProtected,
                services: [node("validator", validatorEnv, props.validator)],
              },
            ]
          : [],
      };
    },
  };
}
