/**
 * The names of an environment's stacks, state and AWS resources: what config validates (lengths,
 * approvals naming a stack) and what the constructs create. lib/core/names.ts, the one place to ask
 * for any name, re-exports them; they live here, in the lowest layer, so the config schema can use
 * them without importing upwards.
 */
import type { EnvironmentConfig } from "./schema";

/** The layers every environment is built from, in deployment order. */
export enum StackLayer {
  BOOTSTRAP = "bootstrap",
  CLUSTER = "cluster",
  PLATFORM = "platform",
}

export const stackIds = {
  bootstrap: (env: string): string => `${env}-${StackLayer.BOOTSTRAP}`,
  cluster: (env: string): string => `${env}-${StackLayer.CLUSTER}`,
  platform: (env: string): string => `${env}-${StackLayer.PLATFORM}`,
  coin: (env: string, coin: string): string => `${env}-${coin}`,
};

/** S3 object key of a stack's state: `<env>/<stack>.tfstate`. */
export function stateKey(env: string, stackId: string): string {
  return `${env}/${stackId}.tfstate`;
}

/**
 * Local-backend state path, relative to the stack's working directory
 * (`cdktf.out/stacks/<stack>`), so state lives in `state/` at the project root
 * and survives `cdktf.out` being wiped. Consumers read it from a sibling stack
 * directory, where the same relative path points at the same file.
 */
export function localStatePath(stackId: string): string {
  return `../../../state/${stackId}.tfstate`;
}

/** Name of an environment's EKS cluster: `cluster.name`, by default `<namePrefix>-<env>`. */
export function clusterName(env: Pick<EnvironmentConfig, "cluster" | "namePrefix" | "name">): string {
  return env.cluster?.name ?? awsNames.defaultCluster(env.namePrefix, env.name);
}

/** Names of AWS resources that belong to one environment. */
export const awsNames = {
  /** The EKS cluster's name unless `cluster.name` sets one. */
  defaultCluster: (prefix: string, env: string): string => `${prefix}-${env}`,
  stateBucket: (prefix: string, env: string): string => `${prefix}-${env}-tfstate`,
  stateKeyAlias: (prefix: string, env: string): string => `alias/${prefix}-${env}-tfstate`,
  clusterKeyAlias: (cluster: string): string => `alias/${cluster}-eks`,
  logsKeyAlias: (cluster: string): string => `alias/${cluster}-logs`,
  /** The key of the chain data volumes and their snapshots. */
  volumesKeyAlias: (cluster: string): string => `alias/${cluster}-volumes`,
  clusterLogGroup: (cluster: string): string => `/aws/eks/${cluster}/cluster`,
  flowLogGroup: (cluster: string): string => `/aws/vpc/${cluster}/flow-logs`,
  clusterRole: (cluster: string): string => `${cluster}-cluster`,
  nodeRole: (cluster: string): string => `${cluster}-node`,
  flowLogRole: (cluster: string): string => `${cluster}-flow-logs`,
  /** The vault of the environment's chain volume backups; its copies in another region go to a vault of the same name there. */
  backupVault: (cluster: string): string => `${cluster}-chain-volumes`,
  backupVaultArn: (region: string, accountId: string, vault: string): string => `arn:aws:backup:${region}:${accountId}:backup-vault:${vault}`,
  /** The role AWS Backup takes the environment's backups with. */
  backupRole: (cluster: string): string => `${cluster}-backup`,
  /** One service's backup plan (AWS Backup allows 50 characters). */
  backupPlan: (cluster: string, asset: string, service: string): string => `${cluster}-${asset}-${service}`,
  /** IAM role assumed through EKS Pod Identity by one workload. */
  podIdentityRole: (cluster: string, workload: string): string => `${cluster}-${workload}`,
  /** Name of a node group's launch template and its instances' Name tag. */
  nodeGroup: (cluster: string, group: string): string => `${cluster}-${group}`,
  /**
   * Prefix of a node group's name; EKS appends a 26-character unique suffix, so a replacement
   * can be created beside the group it replaces (create_before_destroy).
   */
  nodeGroupPrefix: (cluster: string, group: string): string => `${cluster}-${group}-`,
  /** ARN of an EKS cluster (built from config, so other stacks can name it without a cross-stack reference). */
  clusterArn: (region: string, accountId: string, cluster: string): string => `arn:aws:eks:${region}:${accountId}:cluster/${cluster}`,
  /** ARN pattern of every Pod Identity association of one cluster. */
  podIdentityAssociationArns: (region: string, accountId: string, cluster: string): string =>
    `arn:aws:eks:${region}:${accountId}:podidentityassociation/${cluster}/*`,
};

/** Longest name AWS Backup accepts for a vault or a plan. */
export const BACKUP_NAME_MAX = 50;

/** Longest node group name prefix the AWS provider accepts: 63 characters less its unique suffix. */
export const NODE_GROUP_PREFIX_MAX = 63 - 26;
