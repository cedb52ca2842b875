/**
 * `services.<name>.backup.quiesce`: the service's scheduled snapshot taken in the cluster with one
 * ordinal's daemons stopped cleanly (README, "Back up a service on a schedule"), instead of AWS
 * Backup's crash-consistent ones.
 */
import { CronJobV1 } from "@cdktf/provider-kubernetes/lib/cron-job-v1";
import { Construct } from "constructs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kubernetesSchedule, type BackupSettings } from "../../config/coin-settings";
import { platformNames } from "../../core/names";
import { AdmissionPolicy } from "../admission-policy";
import { ApiJob } from "../api-job";
import type { ResolvedCoinstack, ResolvedService } from "../resolve";

/** The script the CronJob runs (POSIX sh, curl and jq: the monitor image's tools). */
export const QUIESCED_SNAPSHOT_SCRIPT = readFileSync(join(__dirname, "quiesced-snapshot.sh"), "utf8");

/** The label of a quiesced backup's VolumeSnapshots, valued with the backup's name. */
export const QUIESCED_BACKUP_LABEL = "coinstacks.io/quiesced-backup";

/** How long a snapshot may take to fix its point in time, while the daemons stay stopped. */
const SNAPSHOT_SECONDS = 900;

export interface QuiescedBackupProps {
  readonly coinstack: ResolvedCoinstack;
  readonly service: ResolvedService;
  readonly backup: BackupSettings & { readonly quiesce: NonNullable<BackupSettings["quiesce"]> };
  readonly namespace: string;
}

/**
 * A CronJob on the backup's schedule (UTC, never two at once) that stops the ordinal's daemons through
 * the quiesce ConfigMap and a pod restart, snapshots the service's claim in the `ebs-scheduled`
 * class, resumes them, and deletes its snapshots past `retainDays`
 * (lib/coinstack/quiesced-backup/quiesced-snapshot.sh). Its Role reaches that pod, that ConfigMap and
 * VolumeSnapshots; an admission policy keeps it to VolumeSnapshots of that claim, in that class,
 * with its label, and to deleting only those.
 */
export class QuiescedBackup extends Construct {
  readonly cronJob: CronJobV1;

  constructor(scope: Construct, id: string, props: QuiescedBackupProps) {
    super(scope, id);
    const { coinstack, service, backup, namespace } = props;
    const { names } = coinstack;
    const name = names.quiescedBackup(service.name);
    const { ordinal } = backup.quiesce;
    const claim = names.claim(service.name, ordinal);
    const access = new ApiJob(this, {
      coinstack,
      name,
      namespace,
      component: "quiesced-backup",
      script: { file: "quiesced-snapshot.sh", text: QUIESCED_SNAPSHOT_SCRIPT },
      rules: [
        { apiGroups: [""], resources: ["pods"], resourceNames: [names.pod(ordinal)], verbs: ["get", "delete"] },
        { apiGroups: [""], resources: ["configmaps"], resourceNames: [names.quiesceConfigMap], verbs: ["get", "patch"] },
        // RBAC cannot limit create and delete to these snapshots: the admission policy does.
        { apiGroups: ["snapshot.storage.k8s.io"], resources: ["volumesnapshots"], verbs: ["create", "get", "list", "delete"] },
      ],
    });
    const policy = quiescedSnapshotPolicy(this, coinstack, name, claim, access.labels);
    const stopSeconds = coinstack.settings.terminationGracePeriodSeconds + 300;
    const env = {
      NAMESPACE: namespace,
      POD: names.pod(ordinal),
      CLAIM: claim,
      BACKUP: name,
      QUIESCE_CONFIG_MAP: names.quiesceConfigMap,
      QUIESCE_KEY: names.quiesceKey(ordinal, service.name),
      SNAPSHOT_CLASS: platformNames.ebsScheduledSnapshotClass,
      RETAIN_DAYS: String(backup.retainDays),
      STOP_SECONDS: String(stopSeconds),
      SNAPSHOT_SECONDS: String(SNAPSHOT_SECONDS),
    };
    const runSeconds = stopSeconds + SNAPSHOT_SECONDS + 600;
    this.cronJob = new CronJobV1(this, "cron-job", {
      metadata: { name, namespace, labels: access.labels },
      spec: {
        // The config refuses a schedule without a Kubernetes equivalent.
        schedule: kubernetesSchedule(backup.schedule)!,
        timezone: "Etc/UTC",
        concurrencyPolicy: "Forbid",
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels: access.labels },
          spec: { backoffLimit: 0, activeDeadlineSeconds: runSeconds, template: access.podTemplate(env, runSeconds) },
        },
      },
      dependsOn: [...access.prerequisites, policy.binding],
    });
  }
}

/** Keeps the backup's ServiceAccount to creating snapshots of its claim in its class with its label, and to deleting only those. */
function quiescedSnapshotPolicy(scope: Construct, coinstack: ResolvedCoinstack, backup: string, claim: string, labels: Record<string, string>): AdmissionPolicy {
  const { namespace } = coinstack.names;
  const ours = (object: string) => `has(${object}.metadata.labels) && '${QUIESCED_BACKUP_LABEL}' in ${object}.metadata.labels && ${object}.metadata.labels['${QUIESCED_BACKUP_LABEL}'] == '${backup}'`;
  return new AdmissionPolicy(scope, "snapshot-policy", {
    name: coinstack.names.quiescedBackupPolicy(backup),
    labels,
    namespace,
    rule: { apiGroups: ["snapshot.storage.k8s.io"], apiVersions: ["*"], operations: ["CREATE", "DELETE"], resources: ["volumesnapshots"] },
    matchConditions: [{ name: "the-backup", expression: `request.userInfo.username == 'system:serviceaccount:${namespace}:${backup}'` }],
    validations: [
      {
        expression: `request.operation == 'DELETE' ? ${ours("oldObject")} : (${ours("object")} && object.spec.source.persistentVolumeClaimName == '${claim}' && object.spec.volumeSnapshotClassName == '${platformNames.ebsScheduledSnapshotClass}')`,
        message: `${backup} creates VolumeSnapshots of ${claim} in ${platformNames.ebsScheduledSnapshotClass} labelled ${QUIESCED_BACKUP_LABEL}=${backup}, and deletes only those`,
      },
    ],
  });
}
