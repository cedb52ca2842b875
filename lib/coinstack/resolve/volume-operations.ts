/** `coins.<coin>.volumeOperations`, tied to the services and names they work on. */
import { formatPath } from "../../config/messages";
import type { VolumeOperation } from "../../config/volume-operations";
import type { CoinstackNames } from "../../core/names";
import type { KeyPath, Report } from "./problems";
import type { ResolvedService } from "./types";

export interface ResolvedVolumeOperation {
  readonly action: VolumeOperation["action"];
  readonly service: ResolvedService;
  readonly ordinal: number;
  /** The entry's key path in the environment's config, `coins.<coin>.volumeOperations[<i>]`. */
  readonly entry: string;
  /** The claim it works on, and the pod that mounts it. */
  readonly claim: string;
  readonly pod: string;
  /** seed and restore from an EBS snapshot: the snapshot the new volume is made from, in this zone. */
  readonly fromSnapshot?: { readonly snapshot: string; readonly zone: string; readonly initializationRate?: number };
  /** seed and restore from a CSI VolumeSnapshot of the namespace: its name, the new claim's data source. */
  readonly fromVolumeSnapshot?: string;
  /** snapshot: the VolumeSnapshot taken of the claim, and its class. */
  readonly volumeSnapshot?: { readonly name: string; readonly className: string };
  /**
   * restore and resync, and a seed from a VolumeSnapshot: the ordinal's claim is replaced in the
   * cluster by a Job (a seed's only while the claim has no volume yet).
   */
  readonly replacement?: {
    /** restore and resync: the claim is replaced only while it is older than this. */
    readonly requestedAt?: string;
    readonly reason: string;
    /** Only the claim's last entry runs its Job; earlier ones are its history. */
    readonly current: boolean;
  };
}

/** Kubernetes puts a Job's name into a label of its pods: at most 63 characters. */
const JOB_NAME_MAX = 63;

/** The pods whose entries are resolved: the main pods, or one further workload's (`workload` in the entries). */
export interface VolumeOperationUnit {
  readonly workload?: string;
  readonly names: CoinstackNames;
  readonly services: readonly ResolvedService[];
  readonly replicas: number;
}

export function resolveVolumeOperations(
  operations: readonly VolumeOperation[],
  unit: VolumeOperationUnit,
  configPath: KeyPath,
  report: Report,
  snapshotClassName: string,
): ResolvedVolumeOperation[] {
  const { names, services } = unit;
  const ours = (operation: VolumeOperation): boolean => operation.workload === unit.workload;
  // The last entry of each claim that replaces it: snapshots are not part of a claim's history.
  const lastIndexOf = new Map(operations.flatMap((operation, index) => (operation.action === "snapshot" || !ours(operation) ? [] : [[`${operation.service}/${operation.ordinal}`, index] as const])));
  return operations.flatMap((operation, index): ResolvedVolumeOperation[] => {
    if (!ours(operation)) return [];
    const at = (key: string): KeyPath => [...configPath, "volumeOperations", index, key];
    const service = services.find((s) => s.name === operation.service);
    if (!service) {
      report("config", at("service"), operation.service, `expected one of the services of ${unit.workload ? `the ${unit.workload}` : "the main pods"} (${services.map((s) => s.name).join(", ")})`);
      return [];
    }
    if (unit.workload && operation.ordinal >= unit.replicas) {
      report("config", at("ordinal"), operation.ordinal, `expected an ordinal below the ${unit.workload}'s replicas (0 to ${unit.replicas - 1})`);
      return [];
    }
    const job = names.claimReplacementJob(operation.service, operation.ordinal);
    if (operation.action !== "snapshot" && job.length > JOB_NAME_MAX) {
      report("config", at("service"), operation.service, `expected a Job name of at most ${JOB_NAME_MAX} characters; ${job} has ${job.length}`);
    }
    const claim = names.claim(operation.service, operation.ordinal);
    const target = { action: operation.action, service, ordinal: operation.ordinal, entry: formatPath([...configPath, "volumeOperations", index]), claim, pod: names.pod(operation.ordinal) };
    const current = lastIndexOf.get(`${operation.service}/${operation.ordinal}`) === index;
    switch (operation.action) {
      case "snapshot":
        return [{ ...target, volumeSnapshot: { name: names.volumeSnapshot(claim, operation.name), className: operation.class ?? snapshotClassName } }];
      case "seed":
        return [{
          ...target,
          ...sourceOf(operation),
          replacement: operation.volumeSnapshot === undefined ? undefined : { reason: `a new ordinal starts from VolumeSnapshot ${operation.volumeSnapshot}`, current },
        }];
      case "restore":
      case "resync":
        return [{
          ...target,
          ...(operation.action === "restore" ? sourceOf(operation) : {}),
          replacement: { requestedAt: operation.requestedAt, reason: operation.reason, current },
        }];
    }
  });
}

/** Where a seed's or restore's volume starts: an EBS snapshot in a zone, or a VolumeSnapshot (the config requires one of them). */
function sourceOf(operation: Extract<VolumeOperation, { action: "seed" | "restore" }>): Pick<ResolvedVolumeOperation, "fromSnapshot" | "fromVolumeSnapshot"> {
  const { snapshot, zone, initializationRate, volumeSnapshot } = operation;
  if (volumeSnapshot !== undefined) return { fromVolumeSnapshot: volumeSnapshot };
  return { fromSnapshot: { snapshot: snapshot!, zone: zone!, initializationRate } };
}
