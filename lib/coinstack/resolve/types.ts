/** The one object the coinstack constructs render: a coin's definition merged with an environment's settings. */
import type { CoinSettings } from "../../config/coin-settings";
import type { EnvironmentConfig } from "../../config/schema";
import type { CoinstackNames } from "../../core/names";
import type { ResolvedDependency } from "./dependencies";
import type { ResolvedVolumeOperation } from "./volume-operations";
import type { PortDefinition, ProbeKind, ProbeTiming, PublicEgress, Resources, SecretDefinition, ServiceDefinition, SidecarDefinition, StorageSpec } from "../definition";

export interface ResolvedPort extends PortDefinition {
  readonly protocol: "TCP" | "UDP";
  readonly service: string;
}

export interface ResolvedRoute {
  readonly service: string;
  readonly host: string;
  readonly port: ResolvedPort;
  readonly pathPrefix: string;
  readonly stripPrefix: boolean;
}

export interface ResolvedService extends ServiceDefinition {
  readonly image: string;
  readonly resources: Resources;
  readonly storage: StorageSpec;
  readonly env: Readonly<Record<string, string>>;
  readonly dataDir: string;
  readonly probes: Partial<Record<ProbeKind, Required<ProbeTiming>>>;
  readonly ports: readonly ResolvedPort[];
}

export interface ResolvedSidecar extends SidecarDefinition {
  readonly ports: readonly ResolvedPort[];
}

export interface ResolvedCoinstack {
  readonly coin: string;
  readonly network: string;
  readonly env: EnvironmentConfig;
  readonly settings: CoinSettings;
  readonly names: CoinstackNames;
  readonly services: readonly ResolvedService[];
  readonly ports: readonly ResolvedPort[];
  readonly routes: readonly ResolvedRoute[];
  readonly secrets: readonly SecretDefinition[];
  readonly sidecars: readonly ResolvedSidecar[];
  /** Keys of the credentials Secret mounted in these pods; undefined mounts every key. */
  readonly secretKeys?: readonly string[];
  /** StorageClass of the data volumes; undefined means the cluster default. */
  readonly storageClassName?: string;
  /** Further StatefulSets in the namespace, each resolved like the main one under its own names. */
  readonly workloads: readonly ResolvedWorkload[];
  /** Volumes of single ordinals started from a snapshot or from nothing (none for a further workload). */
  readonly volumeOperations: readonly ResolvedVolumeOperation[];
  /** Other coins it reads (an L2's L1), already in the reading services' environment (none for a further workload). */
  readonly dependencies: readonly ResolvedDependency[];
  /** TCP ports of public addresses the pods may dial besides their peers (none for a further workload). */
  readonly publicEgress: readonly PublicEgress[];
}

/** A further workload: its own names and settings (fixed replicas, no P2P exposure, no routes). */
export interface ResolvedWorkload extends ResolvedCoinstack {
  readonly workload: string;
  /** Talks P2P only with the main pods (and DNS). */
  readonly protected: boolean;
}

export interface ResolveOptions {
  readonly storageClassName?: string;
  /** @default the committed config/volume-floors.json */
  readonly volumeFloors?: VolumeFloors;
}

/** Recorded volume sizes: environment → asset (or workload asset) → service → size. */
export type VolumeFloors = Record<string, Record<string, Record<string, string>>>;
