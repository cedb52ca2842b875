import { type CoinDefinition, type CoinstackSpec, PortRole, type Resources, type ServiceDefinition, type SidecarDefinition, type SpecContext, type StorageSpec } from "../../lib/coinstack/definition";
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

/** Ports of every substrate node (polkadot's defaults), and of the peer-ID publisher in protected mode. */
export const SUBSTRATE_PORTS = { rpc: 9944, p2p: 30333, metrics: 9615, peerId: 30334 } as const;

/**
 * The node's Prometheus endpoint (--prometheus-external, --prometheus-port; /metrics):
 * substrate_block_height{status="best"} and {status="sync_target"}, the best block seen from peers or the
 * node's own best when none is known (client/service/src/metrics.rs, client/informant),
 * substrate_sub_libp2p_peers_count (client/network, registered by the libp2p and the litep2p
 * backends alike) and substrate_sub_libp2p_connections_opened_total{direction="in"} (client/network,
 * a counter by direction). Read from polkadot-sdk's main line; the stable2512 tag could not be fetched here.
 */
const SUBSTRATE_METRICS = {
  height: { name: "substrate_block_height", matchers: 'status="best"' },
  syncTarget: { name: "substrate_block_height", matchers: 'status="sync_target"' },
  peers: { name: "substrate_sub_libp2p_peers_count" },
  inboundConnections: { name: "substrate_sub_libp2p_connections_opened_total", matchers: 'direction="in"' },
} as const;

/** The optional workload: one validator next to the full nodes. */
export const VALIDATOR = "validator";

/** Where a node publishes its own peer ID (public) for its reserved peers: shared /tmp, served by the publisher sidecar. */
export const PEER_ID_DIR = "/tmp/peer-id";

/** Image of the peer-ID publisher: busybox's httpd serves one static file. */
export const PEER_ID_PUBLISHER_IMAGE = "busybox:1.37.0";

/**
 * The publisher sidecar of protected mode: serves PEER_ID_DIR (the node's public peer ID, written by
 * init.sh) on the peer-id port, answering TERM at once so the pod stops with its node.
 */
function peerIdPublisher(): SidecarDefinition {
  return {
    name: "peer-id",
    image: PEER_ID_PUBLISHER_IMAGE,
    command: ["/bin/sh", "-c", `mkdir -p ${PEER_ID_DIR} && trap 'exit 0' TERM INT; httpd -f -p ${SUBSTRATE_PORTS.peerId} -h ${PEER_ID_DIR} & wait $!`],
    ports: [{ name: "peer-id", port: SUBSTRATE_PORTS.peerId, role: PortRole.PEER_ID }],
    resources: { requests: { cpu: "10m", memory: "8Mi" }, limits: { cpu: "50m", memory: "32Mi" } },
  };
}

/**
 * Probe thresholds and tunables, as environment variables (see the scripts' headers);
 * `coins.<coin>.services.daemon.env` (or `workloads.validator.services.daemon.env`) overrides them.
 */
export const SUBSTRATE_THRESHOLDS = ["MIN_PEERS", "LIVENESS_WINDOW_SECONDS", "RPC_TIMEOUT", "RPC_EXTERNAL", "RESERVED_ONLY", "METRICS_PORT", "PEER_ID_PORT"] as const;

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
 * Node keys are identity and never leave their pod: init.sh generates each node's key on first start
 * on its own data volume (`<binary> key generate-node-key --file $DATA_DIR/node-key`), which is
 * retained and never in Terraform, and passes it with `--node-key-file`. No Secret holds a node key.
 *
 * Protected mode (`workloads.validator.protected`) and reserved peering: a reserved multiaddr must
 * name the peer's ID, which is public but derived from the peer's key. Each node involved therefore
 * publishes its own peer ID before it starts: init.sh writes it to PEER_ID_DIR and a `peer-id`
 * sidecar (busybox httpd) serves it on port 30334 to the other workload only (NetworkPolicy). init.sh
 * then reads each reserved peer's ID from `http://<peer's headless DNS name>:30334/peer-id`, waiting
 * (interruptibly) until it answers:
 * - every full node reserves the validator
 *   (`/dns4/<asset>-validator-sts-0.<asset>-validator-headless.<ns>.svc.cluster.local/tcp/30333/p2p/<id>`);
 * - the validator reserves every full node the same way and runs `--reserved-only`; its NetworkPolicy
 *   lets it reach its full nodes' P2P and peer-id ports and kube-dns only.
 * Publishing comes before waiting, so neither side waits on the other's start. While the validator
 * has not published (not scheduled yet), the full nodes wait for it: in protected mode they are its
 * sentries. The headless Services publish pods that are not ready, so the names resolve while nodes
 * sync. Changing the full-node replicas changes the validator's reserved list, which restarts it.
 */
export function substrateCoin(props: SubstrateCoinProps): CoinDefinition {
  const networks = Object.keys(props.networks);
  const mainnetFirst: [string, ...string[]] = ["mainnet", ...networks.filter((n) => n !== "mainnet")];
  return {
    name: props.name,
    family: "substrate",
    networks: mainnetFirst,
    workloads: [VALIDATOR],
    spec(networkName: string, context: SpecContext = NO_CONTEXT): CoinstackSpec {
      const network = props.networks[networkName];
      if (!network) throw new Error(`${props.name}: no network ${networkName}`);
      const validator = context.workloads[VALIDATOR] ?? { enabled: false, protected: false };
      const isProtected = validator.enabled && validator.protected;
      const names = coinstackNames(props.name, networkName, "mainnet");
      const validatorNames = workloadNames(props.name, names, VALIDATOR);
      const node = (role: "full" | "validator", env: Record<string, string>, sizes: SubstrateCoinProps["node"]): ServiceDefinition => ({
        name: "daemon",
        image: props.image,
        ports: [
          ...(role === "full" ? [{ name: "rpc", port: SUBSTRATE_PORTS.rpc, role: PortRole.RPC }] : []),
          { name: "p2p", port: SUBSTRATE_PORTS.p2p, role: PortRole.P2P },
          { name: "metrics", port: SUBSTRATE_PORTS.metrics, role: PortRole.METRICS, metrics: SUBSTRATE_METRICS },
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

      const peering: Record<string, string> = { PEER_ID_DIR, PEER_ID_PORT: String(SUBSTRATE_PORTS.peerId) };
      const fullNodeEnv: Record<string, string> = {
        RPC_EXTERNAL: "1",
        ...(isProtected ? { ...peering, RESERVED_PEERS: validatorNames.podHost(0, names.namespace) } : {}),
      };
      const validatorEnv: Record<string, string> = {
        RPC_EXTERNAL: "0",
        ...(isProtected ? { ...peering, RESERVED_PEERS: Array.from({ length: context.replicas }, (_, i) => names.podHost(i, names.namespace)).join(" "), RESERVED_ONLY: "1" } : {}),
      };
      const publisher = isProtected ? [peerIdPublisher()] : [];

      return {
        services: [node("full", fullNodeEnv, props.node)],
        sidecars: publisher,
        workloads: validator.enabled
          ? [
              {
                name: VALIDATOR,
                replicas: 1,
                replicasReason: "a validator runs exactly one replica (two validators with the same keys equivocate and are slashed)",
                protected: isProtected,
                services: [node("validator", validatorEnv, props.validator)],
                sidecars: publisher,
              },
            ]
          : [],
      };
    },
  };
}
