import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { awsNames } from "../../core/names";
import { RotatingKey } from "../kms-key";
import { terraformJson } from "../../core/terraform-text";

/** Every control-plane log type EKS offers; all of them are shipped. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export const CLUSTER_ADMIN_POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

export enum AuthenticationMode {
  API = "API",
  API_AND_CONFIG_MAP = "API_AND_CONFIG_MAP",
}

export interface EksControlPlaneProps {
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly accountId: string;
  /** Private subnets the control plane's ENIs go into. */
  readonly subnetIds: string[];
  /** CIDRs allowed to the public endpoint; empty keeps the endpoint private only. */
  readonly publicAccessCidrs: readonly string[];
  /** @default AuthenticationMode.API */
  readonly authenticationMode?: AuthenticationMode;
  /** Roles granted AmazonEKSClusterAdminPolicy through access entries. */
  readonly adminRoleArns: readonly string[];
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** KMS key ARN that encrypts the control-plane log group. */
  readonly logsKeyArn: string;
}

/**
 * The EKS control plane: secrets envelope-encrypted with a rotating CMK, all
 * control-plane logs in a KMS-encrypted group, private endpoint (public one
 * only for listed CIDRs), and admins granted through access entries rather
 * than the implicit creator-admin binding.
 */
export class EksControlPlane extends Construct {
  readonly cluster: EksCluster;
  readonly secretsKey: RotatingKey;

  constructor(scope: Construct, id: string, props: EksControlPlaneProps) {
    super(scope, id);
    const name = props.clusterName;
    this.secretsKey = new RotatingKey(this, "secrets-key", {
      alias: awsNames.clusterKeyAlias(name),
      description: `EKS secrets envelope encryption for ${name}`,
      accountId: props.accountId,
    });
    // Created before the cluster so EKS does not create an unencrypted group with no retention.
    const logGroup = new CloudwatchLogGroup(this, "control-plane-logs", {
      name: awsNames.clusterLogGroup(name),
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.logsKeyArn,
    });

    const { role, grants } = this.clusterRole(name);

    this.cluster = new EksCluster(this, "cluster", {
      name,
      version: props.kubernetesVersion,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: props.publicAccessCidrs.length > 0,
        publicAccessCidrs: props.publicAccessCidrs.length > 0 ? [...props.publicAccessCidrs] : undefined,
      },
      accessConfig: {
        authenticationMode: props.authenticationMode ?? AuthenticationMode.API,
        bootstrapClusterCreatorAdminPermissions: false,
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: this.secretsKey.key.arn } },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      // Add-ons come from the EKS add-on API (see EksAddons), not the self-managed defaults.
      bootstrapSelfManagedAddons: false,
      deletionProtection: true,
      lifecycle: { preventDestroy: true },
      dependsOn: [logGroup, ...grants],
    });

    props.adminRoleArns.forEach((principalArn, index) => this.grantAdmin(principalArn, index));
  }

  /** The cluster's IAM role: EKS's managed policy, and a grant of the secrets key (whose policy delegates to IAM). */
  private clusterRole(name: string): { role: IamRole; grants: ITerraformDependable[] } {
    const role = new IamRole(this, "cluster-role", {
      name: awsNames.clusterRole(name),
      assumeRolePolicy: terraformJson({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
        ],
      }),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, "cluster-policy", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    });

    // The key policy delegates to IAM, so the cluster role needs its own grant to envelope-encrypt secrets.
    const secretsKeyUse = new IamRolePolicy(this, "secrets-key-use", {
      role: role.id,
      name: "encrypt-secrets",
      policy: terraformJson({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
            Resource: this.secretsKey.key.arn,
          },
        ],
      }),
    });
    return { role, grants: [clusterPolicy, secretsKeyUse] };
  }

  /** Cluster admin through an access entry, never the implicit creator-admin binding. */
  private grantAdmin(principalArn: string, index: number): void {
    const entry = new EksAccessEntry(this, `admin-${index}`, {
      clusterName: this.cluster.name,
      principalArn,
      type: "STANDARD",
    });
    new EksAccessPolicyAssociation(this, `admin-${index}-policy`, {
      clusterName: this.cluster.name,
      principalArn: entry.principalArn,
      policyArn: CLUSTER_ADMIN_POLICY_ARN,
      accessScope: { type: "cluster" },
    });
  }
}
