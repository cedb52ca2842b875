/**
 * Per-environment coin settings (`coins.<coin>` in config/<env>.yaml). They
 * override the coin definition's defaults; coins not listed are not deployed.
 */
import { z } from "zod";
import { AVAILABILITY_ZONE, awsRegion, bool, dnsLabel, integer, labelKey, labelMap, labelValue, matching, oneOf, reasonFor, utcTime } from "./rules";
import { checkVolumeOperations, volumeOperationSchema } from "./volume-operations";
import { isQuantity, parseQuantity } from "./quantity";

/** A Kubernetes quantity such as 500m, 2, 8Gi or 1.5Ti. */
export function quantity(): z.ZodString {
  const allowed = "expected a Kubernetes quantity such as 500m, 2, 8Gi or 1.5Ti";
  return z.string({ error: allowed }).refine(isQuantity, { error: allowed });
}

/** A volume size: a quantity above zero (a claim of 0 or less is refused by Kubernetes only at apply). */
export function storageSize(): z.ZodString {
  const allowed = "expected a volume size above zero such as 500Gi";
  // A text that is no quantity at all is reported once, by quantity().
  return quantity().refine((text) => (parseQuantity(text) ?? 1) > 0, { error: allowed });
}

const IMAGE = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::(?!latest$)[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** Whether an image reference is pinned: an explicit tag other than `latest`, or a digest. */
export function isPinnedImage(image: string): boolean {
  if (!IMAGE.test(image)) return false;
  const withoutRegistryPort = image.replace(/^[^/]+:\d+\//, "");
  return withoutRegistryPort.includes("@sha256:") || /:[\w][\w.-]*$/.test(withoutRegistryPort.split("/").pop() ?? "");
}

/** An image pinned by digest: `<repository>[:<tag>]@sha256:<64 lowercase hex>`; the tag is then only a label. */
export const DIGEST_PINNED = /@sha256:[0-9a-f]{64}$/;

/**
 * The repository an image is pulled from, with its registry spelled out as the container runtime reads it:
 * `bitcoin` → `docker.io/library/bitcoin`, `parity/polkadot:v1` → `docker.io/parity/polkadot`,
 * `ghcr.io/org/app@sha256:…` → `ghcr.io/org/app`.
 */
export function imageRepository(image: string): string {
  const name = image.replace(/@.*$/, "").replace(/:[^/:]*$/, "");
  const [first, ...rest] = name.split("/");
  if (rest.length === 0) return `docker.io/library/${first}`;
  return /[.:]/.test(first!) || first === "localhost" ? name : `docker.io/${name}`;
}

/** Whether an image comes from one of `registries` (a registry host, or a host and repository prefix). */
export function fromRegistry(image: string, registries: readonly string[]): boolean {
  const repository = imageRepository(image);
  return registries.some((registry) => repository === registry || repository.startsWith(`${registry.replace(/\/+$/, "")}/`));
}

/** The publishers of the images the coin definitions ship with (policy.imageRegistries' default). */
export const DEFAULT_IMAGE_REGISTRIES = ["docker.io/shapeshiftdao", "docker.io/ethereum", "docker.io/sigp", "docker.io/parity", "docker.io/library/busybox", "docker.io/prom/node-exporter", "us-docker.pkg.dev/oplabs-tools-artifacts/images", "docker.io/offchainlabs/nitro-node", "ghcr.io/bnb-chain/bsc", "docker.io/avaplatform/avalanchego", "ghcr.io/cosmos/gaia", "docker.io/nethermind/nethermind", "docker.io/0xpolygon", "registry.gitlab.com/thorchain", "docker.io/timescale/timescaledb"] as const;

export function pinnedImage(): z.ZodString {
  const allowed =
    'expected an image pinned to a tag other than "latest" or to a digest, such as bitcoin/bitcoin:28.1 or bitcoin/bitcoin:28.1@sha256:<64 lowercase hex digits>';
  return z.string({ error: allowed }).refine(isPinnedImage, { error: allowed });
}

export const probeTimingSchema = z
  .strictObject({
    initialDelaySeconds: integer(0, 3600).optional(),
    periodSeconds: integer(1, 3600).optional(),
    timeoutSeconds: integer(1, 3600).optional(),
    failureThreshold: integer(1, 10000).optional(),
  })
  .superRefine((timing, ctx) => {
    if (timing.periodSeconds !== undefined && timing.timeoutSeconds !== undefined && timing.timeoutSeconds > timing.periodSeconds) {
      ctx.addIssue({ code: "custom", path: ["timeoutSeconds"], input: timing.timeoutSeconds, message: `expected timeoutSeconds <= periodSeconds (${timing.periodSeconds})` });
    }
  });

const resourcePair = z.strictObject({ cpu: quantity(), memory: quantity() });

/**
 * An AWS Backup schedule: `cron(minutes hours day-of-month month day-of-week year)` in UTC, at most
 * hourly (one minute of the hour), with `?` in exactly one of day-of-month and day-of-week.
 */
export function isBackupSchedule(text: string): boolean {
  const fields = /^cron\((.+)\)$/.exec(text)?.[1]?.split(" ");
  if (fields?.length !== 6) return false;
  const [minutes, , dayOfMonth, , dayOfWeek] = fields;
  return /^([0-9]|[1-5][0-9])$/.test(minutes!) && fields.every((field) => /^[\d*?,/\-LW#A-Z]+$/.test(field)) && (dayOfMonth === "?") !== (dayOfWeek === "?");
}

/**
 * An AWS Backup cron expression as a Kubernetes CronJob's schedule (five fields, in the CronJob's
 * time zone, UTC): the year dropped (it must be `*`), `?` as `*`, days of the week from AWS's 1-7
 * (SUN-SAT) to 0-6. Undefined when Kubernetes has no equivalent (L, W, #, a year).
 */
export function kubernetesSchedule(awsSchedule: string): string | undefined {
  const fields = /^cron\((.+)\)$/.exec(awsSchedule)?.[1]?.split(" ");
  if (fields?.length !== 6 || fields[5] !== "*" || fields.some((field) => /[LW#]/.test(field))) return undefined;
  const [minutes, hours, dayOfMonth, month, dayOfWeek] = fields.map((field) => field.replace("?", "*")) as [string, string, string, string, string];
  const weekday = dayOfWeek.replace(/\b[1-7]\b/g, (day) => String(Number(day) - 1));
  return [minutes, hours, dayOfMonth, month, weekday].join(" ");
}

/**
 * `services.<name>.backup.quiesce`: the scheduled snapshot of one ordinal's volume, taken in the
 * cluster with its daemon stopped cleanly, for clients whose database does not tolerate a
 * crash-consistent copy.
 */
const quiesceSchema = z.strictObject({
  /** The ordinal whose daemon stops for the snapshot (the others keep serving). */
  ordinal: integer(0, 9),
});

/** `services.<name>.backup`: EBS snapshots of the service's volumes on a schedule, through AWS Backup. */
const backupSchema = z.strictObject({
  /** When, as an AWS Backup cron expression in UTC: `cron(0 3 * * ? *)` is daily at 03:00. */
  schedule: z.string().refine(isBackupSchedule, {
    error: "expected an AWS Backup cron expression in UTC, at most hourly, such as cron(0 3 * * ? *) (minute hour day-of-month month day-of-week year; ? in exactly one of the two days)",
  }),
  /** Days each snapshot is kept. */
  retainDays: integer(1, 3650),
  /** Also keep each snapshot in this region, as long (disaster recovery). @default no copy */
  copyToRegion: awsRegion().optional(),
  /**
   * Snapshot one ordinal with its daemon stopped instead (a CronJob in the cluster: stop, snapshot,
   * resume), kept as CSI VolumeSnapshots for `retainDays`. @default crash-consistent snapshots of every ordinal by AWS Backup
   */
  quiesce: quiesceSchema.optional(),
});

const serviceSettingsSchema = z.strictObject({
  /** @default the coin definition's image */
  image: pinnedImage().optional(),
  /** @default the coin definition's resources */
  resources: z.strictObject({ requests: resourcePair, limits: resourcePair }).optional(),
  /** @default the coin definition's storage */
  storage: z
    .strictObject({
      size: storageSize(),
      iops: integer(1).optional(),
      throughput: integer(1).optional(),
    })
    .optional(),
  probes: z
    .strictObject({ startup: probeTimingSchema.optional(), liveness: probeTimingSchema.optional(), readiness: probeTimingSchema.optional() })
    .optional(),
  /** Extra plain environment variables (never credentials). @default {} */
  env: z.record(matching(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name"), z.string()).default({}),
  /** Scheduled snapshots of the service's volumes (EKS environments). @default none */
  backup: backupSchema.optional(),
});

const tolerationSchema = z
  .strictObject({
    key: labelKey().optional(),
    operator: oneOf(["Exists", "Equal"]).default("Equal"),
    value: labelValue().optional(),
    effect: oneOf(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
  })
  .superRefine((toleration, ctx) => {
    // The API server's rules (core/v1 validation): Exists matches any value, so a value would be ignored
    // silently; Equal compares a key's value, so it needs the key.
    if (toleration.operator === "Exists" && toleration.value !== undefined && toleration.value !== "") {
      ctx.addIssue({ code: "custom", path: ["value"], input: toleration.value, message: 'expected no value with operator "Exists" (it matches every value; use operator "Equal" to match this one)' });
    }
    if (toleration.operator === "Equal" && toleration.key === undefined) {
      ctx.addIssue({ code: "custom", path: ["key"], input: undefined, message: 'expected a taint key with operator "Equal" (only "Exists" may omit the key, tolerating every taint)' });
    }
  });

/** `coins.<coin>.workloads.<name>`: an optional further StatefulSet the coin offers (e.g. polkadot's validator). */
const workloadSettingsSchema = z.strictObject({
  /** @default false */
  enabled: bool().default(false),
  /**
   * Protected mode: the workload talks only to the coin's own main pods (P2P) and kube-dns;
   * the coin's definition wires the peering (polkadot: reserved nodes). @default false
   */
  protected: bool().default(false),
  /** Fixed by the coin's definition (a validator runs exactly one); any other value fails synth. @default the definition's count */
  replicas: integer(0, 10).optional(),
  /** Per-service overrides, as under coins.<coin>.services. @default {} */
  services: z.record(dnsLabel(40), serviceSettingsSchema).default({}),
});

/** `coins.<coin>.maintenance[]`: one ordinal taken out of service while its peers keep running. */
const maintenanceSchema = z.strictObject({
  /** The pod (`<asset>-sts-<ordinal>`) in maintenance. */
  ordinal: integer(0, 9),
  /**
   * `stopped`: the daemon is held before it starts (at the pod's next start: delete the pod to stop a
   * running one); `running`: it runs as usual. Either way its probes pass. @default stopped
   */
  daemon: oneOf(["stopped", "running"]).default("stopped"),
  /** When it should be over, in UTC (`2026-12-05T00:00:00Z`); an alert fires once it has passed. */
  until: utcTime(),
  /** Why, for whoever finds the pod in maintenance. */
  reason: reasonFor("the maintenance"),
});

export type MaintenanceSettings = z.output<typeof maintenanceSchema>;


/** One dependency of a coin (coinstacks' CoinDependency). */
const dependencySettingsSchema = z.strictObject({
  /**
   * The provider's endpoints outside this environment, by endpoint name (optimism's l1: execution,
   * beacon): http(s) URLs without credentials, since they land in the synthesized JSON.
   * @default none: the provider coin's coinstack in this environment
   */
  external: z.record(dnsLabel(20), z.string()).optional(),
});

export const coinSettingsSchema = z.strictObject({
  /** @default true */
  enabled: bool().default(true),
  /** Network; one of the coin's networks. @default the coin's first network (mainnet) */
  network: dnsLabel(20).optional(),
  /** StatefulSet replicas. @default 1 */
  replicas: integer(1, 10).default(1),
  /** Fixed at creation (changing it replaces the StatefulSet). @default Parallel */
  podManagementPolicy: oneOf(["Parallel", "OrderedReady"]).default("Parallel"),
  /** RollingUpdate partition: only ordinals >= partition get a new template. @default 0 */
  updatePartition: integer(0, 10).default(0),
  /** Seconds a pod gets to flush and stop. @default 600 */
  terminationGracePeriodSeconds: integer(30, 7200).default(600),
  /** false: no startup/liveness/readiness probes at all (maintenance, e.g. a reindex). @default true */
  probes: bool().default(true),
  /**
   * Ordinals in maintenance: their probes pass and their daemon is held stopped or runs, while the
   * other pods are left alone (the list reaches the pods without restarting them). @default []
   */
  maintenance: z.array(maintenanceSchema).default([]),
  /**
   * Volumes of single ordinals started from a snapshot (seed, restore) or from nothing (resync),
   * one entry per service and ordinal (README, Day 2). @default []
   */
  volumeOperations: z.array(volumeOperationSchema).default([]),
  /** How P2P ports take inbound peers. @default none (outbound peers only) */
  p2p: z
    .strictObject({
      exposure: oneOf(["none", "NodePort", "LoadBalancer"]).default("none"),
      /** First node port; pod N uses base + N. Required for NodePort. */
      nodePortBase: integer(30000, 32767).optional(),
    })
    .default({ exposure: "none" }),
  /** Publish API ports through Traefik when the environment has a domain. @default true */
  ingress: bool().default(true),
  /** Name of an existing Secret in the coin namespace holding every credential key; nothing is generated. */
  existingSecret: dnsLabel(253).optional(),
  /** The generated credentials (not with existingSecret, whose owner rotates it). */
  credentials: z
    .strictObject({
      /**
       * Raise by one to rotate: the Secret is rewritten with fresh values (generated ephemerally,
       * never in Terraform state) and every pod that mounts it restarts together. @default 0
       */
      rotation: integer(0, 1_000_000).default(0),
    })
    .default({ rotation: 0 }),
  /** Namespaces whose pods may call the API ports directly (e.g. an API tier). @default [] */
  clientNamespaces: z.array(dnsLabel()).default([]),
  scheduling: z
    .strictObject({
      /**
       * Run on this node group of cluster.nodeGroups: its labels join nodeSelector and its taints are
       * tolerated (a tainted chain pool keeps the platform's pods off). @default any node
       */
      nodeGroup: dnsLabel(40).optional(),
      nodeSelector: labelMap().default({}),
      tolerations: z.array(tolerationSchema).default([]),
      /** @default coinstacks-chain, created by the platform stack above the platform's own class */
      priorityClassName: dnsLabel(253).optional(),
      /** Only schedule in these zones (node affinity); EBS volumes stay in the zone they were created in. @default any zone */
      zones: z.array(matching(AVAILABILITY_ZONE, "an availability zone such as us-east-2a")).default([]),
      imagePullSecrets: z.array(dnsLabel(253)).default([]),
    })
    .default({ nodeSelector: {}, tolerations: [], imagePullSecrets: [], zones: [] }),
  services: z.record(dnsLabel(40), serviceSettingsSchema).default({}),
  /** Optional further workloads of the coin, by name (polkadot: validator). @default {} */
  workloads: z.record(dnsLabel(20), workloadSettingsSchema).default({}),
  /**
   * Where the coin's dependencies (an L2's L1: optimism, base) are served, by the dependency's name.
   * @default the provider coin's coinstack in this environment
   */
  dependencies: z.record(dnsLabel(20), dependencySettingsSchema).default({}),
}).superRefine((coin, ctx) => {
  const seen = new Set<number>();
  coin.maintenance.forEach(({ ordinal }, index) => {
    const path = ["maintenance", index, "ordinal"];
    if (ordinal >= coin.replicas) ctx.addIssue({ code: "custom", path, input: ordinal, message: `expected an ordinal below replicas (0 to ${coin.replicas - 1})` });
    if (seen.has(ordinal)) ctx.addIssue({ code: "custom", path, input: ordinal, message: "expected an ordinal not listed before" });
    seen.add(ordinal);
  });
  checkVolumeOperations(coin.volumeOperations, coin.replicas, ctx);
});


/** `coins`: settings by coin name. Which names exist is the catalog's to say: the loader is given them (lib/config/load.ts). */
export const coinsSchema = z.record(z.string(), coinSettingsSchema);

export type CoinSettings = z.output<typeof coinSettingsSchema>;
export type ServiceSettings = z.output<typeof serviceSettingsSchema>;
export type BackupSettings = z.output<typeof backupSchema>;

/** One configured backup: whose, and where in the environment file. */
export interface ConfiguredBackup {
  readonly coin: string;
  /** The further workload whose service it is. @default the coin's main pod */
  readonly workload?: string;
  readonly service: string;
  readonly path: (string | number)[];
  readonly backup: BackupSettings;
}

/** Every backup configured for these coins, the main pods' services first, then each workload's. */
export function configuredBackups(coins: Readonly<Record<string, CoinSettings | undefined>>): ConfiguredBackup[] {
  return Object.entries(coins).flatMap(([coin, settings]) => {
    const pods = [
      { path: ["coins", coin], workload: undefined, services: settings?.services ?? {} },
      ...Object.entries(settings?.workloads ?? {}).map(([workload, own]) => ({ path: ["coins", coin, "workloads", workload], workload, services: own.services })),
    ];
    return pods.flatMap((pod) =>
      Object.entries(pod.services).flatMap(([service, own]) =>
        own.backup ? [{ coin, workload: pod.workload, service, path: [...pod.path, "services", service, "backup"], backup: own.backup }] : [],
      ),
    );
  });
}
export type WorkloadSettings = z.output<typeof workloadSettingsSchema>;
