/**
 * The typed shape of a coinstack: what a coin author writes in
 * `coinstacks/<coin>/index.ts`. Environment-specific values (images, sizes,
 * replicas) come from config and override the defaults given here.
 */

/**
 * What a port is for. The role decides who may reach it (NetworkPolicy),
 * whether it may be routed publicly, and whether it gets a per-pod Service.
 */
export enum PortRole {
  /** Peer-to-peer: reachable from anywhere, one Service per pod so each replica takes inbound peers. */
  P2P = "p2p",
  /** Node RPC (JSON-RPC, REST admin): only the coinstack's own pods. Never routed. */
  RPC = "rpc",
  /** Authenticated engine/admin API (e.g. the EVM engine API). Never routed, never leaves the coinstack. */
  AUTH = "auth",
  /** Database wire protocol. Never routed. */
  DATABASE = "database",
  /** A public client API (the indexer). May be routed through Traefik. */
  API = "api",
  /** Prometheus metrics: only from the monitoring namespace. */
  METRICS = "metrics",
  /**
   * A node's public identity (e.g. its libp2p peer ID) served to the peers it is reserved with: only
   * between a protected workload and the main pods, alongside their P2P ports. Never routed, never
   * on the client Service.
   */
  PEER_ID = "peer-id",
}

/** Roles that can never get a public route. */
export const UNROUTABLE_ROLES: readonly PortRole[] = [PortRole.RPC, PortRole.AUTH, PortRole.DATABASE, PortRole.METRICS, PortRole.P2P, PortRole.PEER_ID];

export type PortProtocol = "TCP" | "UDP";

export interface PortDefinition {
  /** IANA-style port name (at most 15 characters, lowercase, a letter). Unique within the coinstack. */
  readonly name: string;
  readonly port: number;
  readonly role: PortRole;
  /** @default "TCP" */
  readonly protocol?: PortProtocol;
  /**
   * Route this port through Traefik at `<service>.<asset>[.<label>].<root>`. Only API ports may opt in.
   * @default no route
   */
  readonly route?: {
    /** Only requests under this path prefix; e.g. "/websocket". @default "/" */
    readonly pathPrefix?: string;
    /** Strip pathPrefix before forwarding. @default false */
    readonly stripPrefix?: boolean;
  };
  /** A METRICS port: what its endpoint serves. @default path /metrics, no chain metric read from it */
  readonly metrics?: MetricsEndpoint;
}

import type { CoinDependency } from "./dependency-definition";
import type { MetricsEndpoint } from "./metrics-endpoint";

export type { ChainMetric, MetricsEndpoint } from "./metrics-endpoint";
export type { CoinDependency, DependencyEndpoint } from "./dependency-definition";

/** A probe without a shell: GET `path` on the named port (any 2xx or 3xx passes), or open the port. */
export type NetworkProbe = { readonly httpGet: { readonly path: string; readonly port: string } } | { readonly tcpSocket: { readonly port: string } };

/** Probe timing; the check itself is the service's script. */
export interface ProbeTiming {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
}

export type ProbeKind = "startup" | "liveness" | "readiness";
export type ScriptKind = "init" | ProbeKind;

/** Container resources; requests and limits both required so scheduling and OOM behaviour are explicit. */
export interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface StorageSpec {
  /** Kubernetes quantity, e.g. "650Gi". */
  readonly size: string;
  /** gp3 IOPS (3000–16000). @default the class baseline (3000) */
  readonly iops?: number;
  /** gp3 throughput in MiB/s (125–1000). @default the class baseline (125) */
  readonly throughput?: number;
}

/**
 * Container security settings that differ from the restricted default.
 * Every override must say why, and the result must still satisfy the
 * namespace's `restricted` Pod Security level.
 */
export interface SecurityOverride {
  readonly reason: string;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  /** Images that write outside their volumes need a writable root. */
  readonly readOnlyRootFilesystem?: boolean;
}

/** A file mounted from the coinstack's ConfigMap. */
export interface ConfigFile {
  /** ConfigMap key; must be unique across the coinstack. */
  readonly key: string;
  readonly mountPath: string;
  readonly content: string;
}

/** A credential the coinstack needs; generated in Terraform unless an existing Secret is named in config. */
export interface SecretDefinition {
  /** Key in the coinstack's Secret, also the file name under /secrets. */
  readonly key: string;
  /** Length of the generated value. @default 32 */
  readonly length?: number;
  /** Generate as hex (e.g. the EVM engine JWT secret) instead of alphanumerics. @default false */
  readonly hex?: boolean;
  /**
   * Why a fresh value would break the coin (a database keeps the password it was created with), so
   * `credentials.rotation` above 0 fails synth. @default rotatable
   */
  readonly notRotatable?: string;
}

export interface ExtraVolume {
  readonly name: string;
  /** Size limit of an emptyDir scratch volume, a Kubernetes quantity. */
  readonly emptyDirSizeLimit: string;
  readonly mountPath: string;
  /**
   * Backed by memory (tmpfs), as /dev/shm must be for a database's shared memory; it counts against
   * the container's memory limit. @default the node's disk
   */
  readonly memory?: boolean;
}

export interface ServiceDefinition {
  /** Service name (daemon, indexer, daemon-beacon…): container `<asset>-<name>`, claim `data-<name>`. */
  readonly name: string;
  /** Default image, `repository:tag` or `@sha256:` digest; config may override per environment. */
  readonly image: string;
  readonly ports: readonly PortDefinition[];
  /** Plain environment variables; never credentials (those are files under /secrets). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Environment variables that must be non-negative integers when set (probe thresholds such as
   * MIN_PEERS): a config value that is not one fails synth instead of failing every probe.
   * @default []
   */
  readonly integerEnv?: readonly string[];
  /**
   * Environment variables holding comma-separated http(s) URLs of third parties (reference
   * endpoints, checkpoint sync): a config value with credentials in it (userinfo, a key or
   * token query parameter, a key-like path segment) fails synth, since a URL with an API key
   * is a secret and would land in the synthesized JSON.
   * @default []
   */
  readonly urlEnv?: readonly string[];
  /** @default `/init.sh` when the service has an init script, else the image's entrypoint */
  readonly command?: readonly string[];
  /** @default [] */
  readonly args?: readonly string[];
  /**
   * Lifecycle scripts, as file contents (read by the coin definition from `coinstacks/<coin>/`).
   * Mounted at `/<kind>.sh` from ConfigMap key `<service>-<kind>.sh`.
   */
  readonly scripts?: Partial<Record<ScriptKind, string>>;
  /** Timing per probe. */
  readonly probes?: Partial<Record<ProbeKind, ProbeTiming>>;
  /**
   * Run readiness in a `<service>-monitor` container with curl/jq for images that lack them.
   * @default false
   */
  readonly monitor?: boolean;
  /**
   * Startup and liveness probes the kubelet runs itself, for an image with no shell (distroless): a
   * GET of a path on one of the service's ports, or a TCP connect. Such a service has no init script
   * either, so nothing can hold it stopped: maintenance with its daemon stopped and quiesced backups
   * fail synth for its coin. A stall shows only in its height alert.
   * @default none: every probe is a script
   */
  readonly networkProbes?: Partial<Record<"startup" | "liveness", NetworkProbe>>;
  /** Mount path of the data volume. @default "/data" */
  readonly dataDir?: string;
  readonly resources: Resources;
  readonly storage: StorageSpec;
  /** @default [] */
  readonly configFiles?: readonly ConfigFile[];
  /** @default restricted defaults */
  readonly security?: SecurityOverride;
  /** Extra scratch volumes beyond /tmp. @default [] */
  readonly scratchVolumes?: readonly ExtraVolume[];
}

/**
 * A helper container in the pod (an exporter, a log shipper) that owns no data
 * volume. It gets the same restricted security context and the shared /tmp.
 */
export interface SidecarDefinition {
  /** Container `<asset>-<name>`. */
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Ports; unique with the services' ports. @default [] */
  readonly ports?: readonly PortDefinition[];
  readonly resources: Resources;
  /**
   * Mount the coinstack's credentials at /secrets, as the services have them: only for a sidecar
   * that talks to the node with them, since none else should hold them.
   * @default false
   */
  readonly credentials?: boolean;
}

/**
 * A further StatefulSet in the coinstack's namespace (e.g. polkadot's validator next to its
 * full nodes). Its objects are named for asset `<asset>-<name>` (StatefulSet `<asset>-<name>-sts`,
 * its own selector labels, Services, claims, scripts, PDB and NetworkPolicies), so nothing selects
 * both workloads; it shares the namespace, ServiceAccount and credentials Secret.
 */
export interface WorkloadDefinition {
  /** Lowercase label, the asset suffix; a name the coin lists in `CoinDefinition.workloads`. */
  readonly name: string;
  /** Fixed replica count: config may repeat it, any other value fails synth with `replicasReason`. */
  readonly replicas: number;
  /** Why the count is fixed, for the error message. */
  readonly replicasReason: string;
  readonly services: readonly ServiceDefinition[];
  /** @default [] */
  readonly sidecars?: readonly SidecarDefinition[];
  /**
   * Only these keys of the credentials Secret are mounted in the workload's pods.
   * @default every key
   */
  readonly secretKeys?: readonly string[];
  /**
   * Protected mode: the workload's pods exchange P2P traffic only with the coinstack's main pods
   * (and resolve names through kube-dns); nothing else in or out but metrics scrapes.
   * @default false
   */
  readonly protected?: boolean;
}

/** A coinstack for one network, produced by a coin's definition. */
export interface CoinstackSpec {
  readonly services: readonly ServiceDefinition[];
  /** @default [] */
  readonly sidecars?: readonly SidecarDefinition[];
  /** Credentials shared by the services (and every workload). @default [] */
  readonly secrets?: readonly SecretDefinition[];
  /** Only these keys of the credentials Secret are mounted in the main pods. @default every key */
  readonly secretKeys?: readonly string[];
  /** Further StatefulSets in the namespace. @default [] */
  readonly workloads?: readonly WorkloadDefinition[];
  /**
   * Public endpoints the main pods dial besides their peers (a sequencer's feed, a snapshot server,
   * readiness's reference endpoints), for a coinstack without a P2P port, whose P2P policy would
   * otherwise be what lets them out: egress to public addresses on these TCP ports only.
   * @default []
   */
  readonly publicEgress?: readonly PublicEgress[];
}

export interface PublicEgress {
  readonly port: number;
  /** Who is dialled there, for the policy's readers. */
  readonly reason: string;
}

/** What a coin definition learns from config when it builds a coinstack. */
export interface SpecContext {
  /** Replicas of the main StatefulSet. */
  readonly replicas: number;
  /** Settings of the coin's optional workloads, by name (every name the coin lists). */
  readonly workloads: Readonly<Record<string, { readonly enabled: boolean; readonly protected: boolean }>>;
}

export interface CoinDefinition {
  /** Coin name: namespace `coin-<name>`, asset `<name>` on mainnet, `<name>-<network>` elsewhere. */
  readonly name: string;
  readonly networks: readonly [string, ...string[]];
  /** Names of the optional workloads the coin can add (`coins.<coin>.workloads.<name>` in config). @default [] */
  readonly workloads?: readonly string[];
  /** The coinstack for a network. @param context @default one replica, every optional workload off */
  spec(network: string, context?: SpecContext): CoinstackSpec;
  /**
   * Inbound P2P exposures (`coins.<coin>.p2p.exposure`) the clients can advertise correctly;
   * any other fails synth instead of advertising a wrong address to peers.
   * @default ["NodePort", "LoadBalancer"]
   */
  readonly p2pExposures?: readonly ("NodePort" | "LoadBalancer")[];
  /** The family whose scripts and clients the coin shares (utxo, evm, substrate): its dashboard. */
  readonly family: string;
  /**
   * Coins this coin reads from (an L2's L1): served in the same environment by the provider's
   * coinstack, or by external endpoints named in `coins.<coin>.dependencies.<name>.external`.
   * @default []
   */
  readonly dependencies?: readonly CoinDependency[];
}

/** Timing Kubernetes uses when none is given. */
export const KUBERNETES_PROBE_DEFAULTS: Required<ProbeTiming> = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  failureThreshold: 3,
};

/**
 * Defaults for chain daemons: a 30-minute start budget, liveness that tolerates
 * a slow RPC for minutes, readiness re-checked every 30 s.
 */
export const DEFAULT_PROBE_TIMING: Record<ProbeKind, Required<ProbeTiming>> = {
  startup: { initialDelaySeconds: 0, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 60 },
  liveness: { initialDelaySeconds: 0, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 10 },
  readiness: { initialDelaySeconds: 0, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 10 },
};
