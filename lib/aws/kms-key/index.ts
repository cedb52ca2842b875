import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { terraformJson } from "../../core/terraform-text";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal: Record<string, string | string[]>;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface RotatingKeyProps {
  /** Alias, with the `alias/` prefix. */
  readonly alias: string;
  readonly description: string;
  /** Account that owns the key; its root principal administers it (no `*` principal). */
  readonly accountId: string;
  /**
   * Statements added after the account-root statement, e.g. a service principal allowed to use the key.
   * @default []
   */
  readonly extraStatements?: readonly PolicyStatement[];
  /**
   * Only these IAM roles may use the key for data (by `aws:PrincipalArn`, so a role need not exist when
   * the policy is written): `writers` encrypt and decrypt, `readers` only decrypt. The account keeps
   * administering the key but IAM policies alone no longer let anyone decrypt with it.
   * @default any principal of the account that IAM allows
   */
  readonly users?: { readonly writers: readonly string[]; readonly readers: readonly string[] };
  /**
   * Days a scheduled deletion waits; the longest window gives time to notice a mistake.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /** The provider (and so the region) of the key. @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/** Everything but the cryptographic operations: what the account keeps when named roles alone may use a key. */
const KEY_ADMINISTRATION = [
  "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*",
  "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
];

function keyUserStatements(root: string, users: NonNullable<RotatingKeyProps["users"]>): PolicyStatement[] {
  const use = (Sid: string, roles: readonly string[], Action: string[]): PolicyStatement => ({
    Sid,
    Effect: "Allow",
    Principal: { AWS: root },
    Action,
    Resource: "*",
    Condition: { ArnLike: { "aws:PrincipalArn": [...roles] } },
  });
  return [
    use("NamedWritersUse", users.writers, ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]),
    ...(users.readers.length > 0 ? [use("NamedReadersDecrypt", users.readers, ["kms:Decrypt", "kms:DescribeKey"])] : []),
  ];
}

/** A customer-managed KMS key with yearly rotation, an explicit policy and an alias; Terraform refuses to destroy it. */
export class RotatingKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: RotatingKeyProps) {
    super(scope, id);
    const root = `arn:aws:iam::${props.accountId}:root`;
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministers",
          Effect: "Allow",
          Principal: { AWS: root },
          Action: props.users ? KEY_ADMINISTRATION : "kms:*",
          Resource: "*",
        },
        ...(props.users ? keyUserStatements(root, props.users) : []),
        ...(props.extraStatements ?? []),
      ],
    };
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: terraformJson(policy),
      lifecycle: { preventDestroy: true },
      provider: props.provider,
    });
    this.alias = new KmsAlias(this, "alias", { name: props.alias, targetKeyId: this.key.keyId, provider: props.provider });
  }
}

/** Lets CloudWatch Logs in `region` use a key for the account's log groups. */
export function cloudWatchLogsStatement(region: string, accountId: string): PolicyStatement {
  return {
    Sid: "CloudWatchLogsUse",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:*` } },
  };
}

/**
 * What a role that creates, attaches, snapshots or copies EBS volumes encrypted with customer-managed
 * keys needs of them (EKS User Guide, "Use a customer managed key with the Amazon EBS CSI driver"):
 * grants for EC2 to use the key on the role's behalf, and the data-key operations.
 */
export function encryptedVolumeKeyUse(keyArns: readonly string[]): Omit<PolicyStatement, "Principal">[] {
  const Resource = keyArns.length === 1 ? keyArns[0]! : [...keyArns];
  return [
    { Sid: "GrantsForAttachedVolumes", Effect: "Allow", Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], Resource, Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
    { Sid: "EncryptVolumes", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource },
  ];
}
