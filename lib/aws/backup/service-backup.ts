import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { Construct } from "constructs";
import type { BackupSettings } from "../../config/coin-settings";
import { awsNames } from "../../core/names";
import { VOLUME_TAGS } from "../../core/volume-tags";

export interface ServiceBackupProps {
  readonly clusterName: string;
  readonly region: string;
  readonly accountId: string;
  readonly environment: string;
  readonly coin: string;
  readonly service: string;
  /** The coinstack (or workload) asset, namespace, and the claims' name before the ordinal (`data-<service>-<sts>-`). */
  readonly asset: string;
  readonly namespace: string;
  readonly claimPrefix: string;
  readonly backup: BackupSettings;
}

/**
 * Scheduled EBS snapshots of one service's volumes, every ordinal, through AWS
 * Backup: the volumes are chosen by the tags the StorageClass gives them
 * (environment, namespace, claim), kept `retainDays` in the environment's
 * vault and, when asked, copied to another region and kept as long there.
 * Crash-consistent: taken while the daemon runs, like a power cut.
 */
export class ServiceBackup extends Construct {
  readonly plan: BackupPlan;
  readonly selection: BackupSelection;

  constructor(scope: Construct, id: string, props: ServiceBackupProps) {
    super(scope, id);
    const { backup } = props;
    const vault = awsNames.backupVault(props.clusterName);
    this.plan = new BackupPlan(this, "plan", {
      name: awsNames.backupPlan(props.clusterName, props.asset, props.service),
      rule: [
        {
          ruleName: "scheduled",
          targetVaultName: vault,
          schedule: backup.schedule,
          lifecycle: { deleteAfter: backup.retainDays },
          // The claim tag (with the ordinal) comes from the volume: AWS Backup copies a volume's tags to its snapshots.
          recoveryPointTags: { "coinstacks.io/environment": props.environment, "coinstacks.io/coin": props.coin, "coinstacks.io/service": props.service },
          copyAction: backup.copyToRegion
            ? [{ destinationVaultArn: awsNames.backupVaultArn(backup.copyToRegion, props.accountId, vault), lifecycle: { deleteAfter: backup.retainDays } }]
            : undefined,
        },
      ],
    });
    this.selection = new BackupSelection(this, "selection", {
      name: "volumes",
      planId: this.plan.id,
      iamRoleArn: `arn:aws:iam::${props.accountId}:role/${awsNames.backupRole(props.clusterName)}`,
      resources: [`arn:aws:ec2:${props.region}:${props.accountId}:volume/*`],
      condition: [
        {
          stringEquals: [
            { key: `aws:ResourceTag/${VOLUME_TAGS.environment}`, value: props.environment },
            { key: `aws:ResourceTag/${VOLUME_TAGS.namespace}`, value: props.namespace },
          ],
          stringLike: [{ key: `aws:ResourceTag/${VOLUME_TAGS.claim}`, value: `${props.claimPrefix}*` }],
        },
      ],
    });
  }
}
