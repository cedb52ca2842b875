/** One of each volume operation for dev's bitcoin (README, Day 2), for the tests that synthesize them. */
export const SEED = { action: "seed", service: "daemon", ordinal: 1, snapshot: "snap-0123456789abcdef0", zone: "us-east-2a" } as const;
export const RESTORE = {
  action: "restore",
  service: "daemon",
  ordinal: 0,
  snapshot: "snap-0fedcba9876543210",
  zone: "us-east-2b",
  initializationRate: 300,
  requestedAt: "2026-12-01T20:00:00Z",
  reason: "chainstate corrupted after the disk filled up",
} as const;
export const RESYNC = { action: "resync", service: "indexer", ordinal: 0, requestedAt: "2026-12-01T20:00:00Z", reason: "index built with a wrong ${option} and 100% {braces}" } as const;

export const SNAPSHOT = { action: "snapshot", service: "daemon", ordinal: 0, name: "before-upgrade" } as const;

/** dev's bitcoin with two replicas, its second seeded, its first snapshotted, restored and re-indexed. */
export function withEveryVolumeOperation(input: Record<string, any>): void {
  input.coins.bitcoin.replicas = 2;
  input.coins.bitcoin.volumeOperations = [SEED, SNAPSHOT, RESTORE, RESYNC];
}

/** The local environment's operations through its CSI driver (csi-driver-host-path): snapshot ordinal 0, seed ordinal 1 from it, restore an indexer from a VolumeSnapshot made by hand. */
export const LOCAL_SNAPSHOT = { ...SNAPSHOT, class: "csi-hostpath-snapclass" } as const;
export const SEED_FROM_VOLUME_SNAPSHOT = { action: "seed", service: "daemon", ordinal: 1, volumeSnapshot: "data-daemon-bitcoin-regtest-sts-0-before-upgrade" } as const;
export const RESTORE_FROM_VOLUME_SNAPSHOT = {
  action: "restore",
  service: "indexer",
  ordinal: 0,
  volumeSnapshot: "indexer-nightly-2026-11-30",
  requestedAt: "2026-12-01T20:00:00Z",
  reason: "index corrupted by an unclean shutdown",
} as const;

/** local's bitcoin with two replicas: its first snapshotted through the CSI driver, its second seeded from that, its indexer restored. */
export function withEveryLocalVolumeOperation(input: Record<string, any>): void {
  input.coins.bitcoin.replicas = 2;
  input.coins.bitcoin.volumeOperations = [LOCAL_SNAPSHOT, SEED_FROM_VOLUME_SNAPSHOT, RESTORE_FROM_VOLUME_SNAPSHOT];
}

/** A quiesced backup of dev's bitcoin daemon: ordinal 1 (of two) stopped for a snapshot on Sundays at 03:00 UTC, kept two weeks. */
export const QUIESCED_BACKUP = { schedule: "cron(0 3 ? * 1 *)", retainDays: 14, quiesce: { ordinal: 1 } } as const;

export function withQuiescedBackup(input: Record<string, any>): void {
  input.coins.bitcoin.replicas = 2;
  input.coins.bitcoin.services.daemon.backup = QUIESCED_BACKUP;
}
