/**
 * `coins.<coin>.volumeOperations`: one ordinal's volume started from a snapshot (seed, restore) or
 * from nothing (resync), README "Day 2".
 */
import { z } from "zod";
import { AVAILABILITY_ZONE, dnsLabel, integer, matching, reasonFor, utcTime } from "./rules";

/** An EBS snapshot id: `snap-` and 8 or 17 hex digits. */
export const SNAPSHOT_ID = /^snap-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/** Which claim an operation works on: one service's volume of one ordinal. */
const claimTarget = {
  /** A further workload of the coin (polkadot: validator) whose pods' volume it is. @default the main pods */
  workload: dnsLabel(20).optional(),
  /** The service whose volume it is. */
  service: dnsLabel(40),
  /** The pod (`<asset>-sts-<ordinal>`, or `<asset>-<workload>-sts-<ordinal>`) whose volume it is. */
  ordinal: integer(0, 9),
};

/** One claim's identity in the checks: workload, service and ordinal. */
export const claimKey = (operation: { workload?: string; service: string; ordinal: number }): string => `${operation.workload ?? ""}/${operation.service}/${operation.ordinal}`;

/** What the replacement of a running ordinal's claim needs: when it was asked for, and why. */
const claimReplacement = {
  /**
   * When the replacement was asked for, in UTC: the claim is replaced only while it is older than
   * this, so the Job, run again, never replaces the new claim.
   */
  requestedAt: utcTime(),
  /** Why, printed by the Job, the synth diff and the plan gate. */
  reason: reasonFor("replacing this volume"),
};

/**
 * Where a seeded or restored volume starts from: an EBS snapshot (`snapshot` and `zone`, EKS only),
 * or a CSI VolumeSnapshot of the coin's namespace (`volumeSnapshot`, any cluster whose CSI driver
 * restores snapshots). Exactly one of the two.
 */
const fromSnapshot = {
  /** The EBS snapshot the volume starts from (an AWS Backup recovery point of the volume, or any snapshot of one). */
  snapshot: matching(SNAPSHOT_ID, "an EBS snapshot id such as snap-0123456789abcdef0").optional(),
  /** With `snapshot`: where the volume is created; the pod then runs in this zone. */
  zone: matching(AVAILABILITY_ZONE, "an availability zone such as us-east-2a").optional(),
  /**
   * MiB/s at which EBS copies the snapshot's blocks into the volume (EBS's provisioned volume
   * initialization rate, billed per GiB): the volume is fully fast after size / rate instead of
   * reading slowly from S3 block by block as the daemon touches them. @default lazy loading
   */
  initializationRate: integer(100, 300).optional(),
  /**
   * A VolumeSnapshot in the coin's namespace the claim is created from (`dataSourceRef`), by the CSI
   * driver that took it: a `snapshot` entry's `<claim>-<name>`, or one made by hand. Needs
   * Kubernetes 1.30 or later (a ValidatingAdmissionPolicy holds the claim for the snapshot).
   */
  volumeSnapshot: dnsLabel(253).optional(),
};

/**
 * `coins.<coin>.volumeOperations[]`: an ordinal's volume started from a snapshot or from nothing
 * (README, Day 2). Each entry stays in config: it is the record of where that volume came from, and
 * Terraform keeps the volume it made (prevent_destroy).
 */
export const volumeOperationSchema = z.discriminatedUnion(
  "action",
  [
    /** seed: a new ordinal (raise `replicas` in the same change) starts from the snapshot instead of genesis. */
    z.strictObject({ action: z.literal("seed"), ...claimTarget, ...fromSnapshot }),
    /** restore: a running ordinal's claim is replaced by one on a volume made from the snapshot; its old volume is kept. */
    z.strictObject({ action: z.literal("restore"), ...claimTarget, ...fromSnapshot, ...claimReplacement }),
    /** resync: a running ordinal's claim is replaced by an empty one, and the pod syncs from genesis; its old volume is kept. */
    z.strictObject({ action: z.literal("resync"), ...claimTarget, ...claimReplacement }),
    /**
     * snapshot: a CSI VolumeSnapshot of the claim, `<claim>-<name>`, taken when the entry is applied
     * (crash-consistent; quiesced when the ordinal is in maintenance with its daemon stopped).
     */
    z.strictObject({
      action: z.literal("snapshot"),
      ...claimTarget,
      /** Ends the VolumeSnapshot's name. */
      name: dnsLabel(30),
      /** The VolumeSnapshotClass. @default ebs-retain, the EKS environments' (lib/platform/snapshot-class) */
      class: dnsLabel(253).optional(),
    }),
  ],
  { error: 'expected an entry with action "seed", "restore", "resync" or "snapshot"' },
);

export type VolumeOperation = z.output<typeof volumeOperationSchema>;

/**
 * Entries of one claim are its history, oldest first: a seed can only start it, and each
 * replacement is asked for after the one before (only the last one's Job runs).
 */
export function checkVolumeOperations(operations: readonly VolumeOperation[], replicas: number, ctx: z.RefinementCtx): void {
  const latest = new Map<string, string>();
  operations.forEach((operation, index) => {
    const { service, ordinal } = operation;
    const at = (key: string): (string | number)[] => ["volumeOperations", index, key];
    if (!operation.workload && ordinal >= replicas) ctx.addIssue({ code: "custom", path: at("ordinal"), input: ordinal, message: `expected an ordinal below replicas (0 to ${replicas - 1})` });
    // A snapshot takes a copy and changes nothing: it is no part of the claim's history.
    if (operation.action === "snapshot") return;
    if (operation.action !== "resync") checkSnapshotSource(operation, at, ctx);
    const claim = claimKey(operation);
    const before = latest.get(claim);
    if (before !== undefined && operation.action === "seed") {
      ctx.addIssue({ code: "custom", path: at("action"), input: "seed", message: `expected restore or resync: ${service} ${ordinal} is listed before, and a seed only starts a new ordinal` });
    }
    if (operation.action === "seed") {
      latest.set(claim, "");
      return;
    }
    if (before && Date.parse(operation.requestedAt) <= Date.parse(before)) {
      ctx.addIssue({ code: "custom", path: at("requestedAt"), input: operation.requestedAt, message: `expected a time after ${before}, the requestedAt of the entry for ${service} ${ordinal} listed before` });
    }
    latest.set(claim, operation.requestedAt);
  });
  checkUniqueNames(operations, ctx);
}

/** A seed or restore starts from exactly one snapshot: an EBS one in a zone, or a VolumeSnapshot. */
function checkSnapshotSource(operation: Extract<VolumeOperation, { action: "seed" | "restore" }>, at: (key: string) => (string | number)[], ctx: z.RefinementCtx): void {
  const issue = (key: string, input: unknown, message: string): void => ctx.addIssue({ code: "custom", path: at(key), input, message });
  if (operation.volumeSnapshot === undefined) {
    if (operation.snapshot === undefined) issue("snapshot", undefined, "expected snapshot (an EBS snapshot id, with zone) or volumeSnapshot (a VolumeSnapshot of the coin's namespace)");
    else if (operation.zone === undefined) issue("zone", undefined, `expected the availability zone where the volume from ${operation.snapshot} is made`);
    return;
  }
  for (const key of ["snapshot", "zone", "initializationRate"] as const) {
    if (operation[key] !== undefined) issue(key, operation[key], `expected no ${key} with volumeSnapshot: the CSI driver makes the volume from ${operation.volumeSnapshot}`);
  }
}

/** One EBS volume per claim and snapshot, one VolumeSnapshot per claim and name. */
function checkUniqueNames(operations: readonly VolumeOperation[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  operations.forEach((operation, index) => {
    if (operation.action === "resync") return;
    // A VolumeSnapshot makes no volume of Terraform's: a claim may start from it again later.
    if (operation.action !== "snapshot" && operation.snapshot === undefined) return;
    const [key, value, made] = operation.action === "snapshot" ? (["name", operation.name, "its VolumeSnapshot"] as const) : (["snapshot", operation.snapshot, "its volume"] as const);
    const id = `${operation.action === "snapshot" ? "name" : "volume"}/${claimKey(operation)}/${value}`;
    if (seen.has(id)) {
      ctx.addIssue({ code: "custom", path: ["volumeOperations", index, key], input: value, message: `expected a ${key} not used before for ${operation.service} ${operation.ordinal} (${made} exists already, kept)` });
    }
    seen.add(id);
  });
}
