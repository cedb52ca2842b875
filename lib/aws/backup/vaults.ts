import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { awsNames } from "../../core/names";
import { terraformJson } from "../../core/terraform-text";
import { encryptedVolumeKeyUse, RotatingKey } from "../kms-key";

/** AWS-managed policies of a backup role: take EBS snapshots, and restore volumes from them. */
export const BACKUP_POLICY_ARNS = [
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
] as const;

export interface BackupVaultsProps {
  readonly clusterName: string;
  readonly accountId: string;
  /** The volumes key: snapshots of its volumes stay encrypted with it, and so does the vault. */
  readonly volumesKeyArn: string;
  /** A provider per region that keeps copies (another region of the account). @default no copies */
  readonly copyRegions?: readonly { readonly region: string; readonly provider: AwsProvider }[];
}

/**
 * Where the environment's scheduled snapshots of chain volumes go (the coin
 * stacks' backup plans name them): a vault encrypted with the volumes key, a
 * vault with a key of its own in each region that keeps copies, and the role
 * AWS Backup works with. Vaults and keys cannot be destroyed by Terraform.
 */
export class BackupVaults extends Construct {
  readonly vault: BackupVault;
  readonly copyVaults: BackupVault[] = [];
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: BackupVaultsProps) {
    super(scope, id);
    const name = awsNames.backupVault(props.clusterName);
    this.vault = new BackupVault(this, "vault", { name, kmsKeyArn: props.volumesKeyArn, forceDestroy: false, lifecycle: { preventDestroy: true } });
    const copyKeys = (props.copyRegions ?? []).map(({ region, provider }) => {
      const key = new RotatingKey(this, `copy-key-${region}`, {
        alias: awsNames.volumesKeyAlias(props.clusterName),
        description: `Copies of the chain volume backups of ${props.clusterName}`,
        accountId: props.accountId,
        provider,
      });
      this.copyVaults.push(new BackupVault(this, `copy-vault-${region}`, { name, kmsKeyArn: key.key.arn, forceDestroy: false, provider, lifecycle: { preventDestroy: true } }));
      return key.key.arn;
    });
    this.role = this.backupRole(props, [props.volumesKeyArn, ...copyKeys]);
  }

  /** The role AWS Backup assumes: the managed backup and restore policies, and the keys of volumes, vaults and copies. */
  private backupRole(props: BackupVaultsProps, keyArns: readonly string[]): IamRole {
    const role = new IamRole(this, "role", {
      name: awsNames.backupRole(props.clusterName),
      assumeRolePolicy: terraformJson({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    BACKUP_POLICY_ARNS.forEach((policyArn, index) => new IamRolePolicyAttachment(this, `role-policy-${index}`, { role: role.name, policyArn }));
    new IamRolePolicy(this, "role-keys", { role: role.id, name: "use-volume-keys", policy: terraformJson({ Version: "2012-10-17", Statement: encryptedVolumeKeyUse(keyArns) }) });
    return role;
  }
}
