import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { BackupVaults } from "../lib/aws/backup/vaults";
import { EksAddons } from "../lib/aws/eks-addons";
import { AuthenticationMode, EksControlPlane } from "../lib/aws/eks-cluster";
import { cloudWatchLogsStatement, RotatingKey } from "../lib/aws/kms-key";
import { ManagedNodeGroup } from "../lib/aws/node-group";
import { NodeRole } from "../lib/aws/node-group/node-role";
import { ClusterVpc, NatGatewayMode } from "../lib/aws/vpc";
import { configuredBackups } from "../lib/config/coin-settings";
import type { EnvironmentConfig } from "../lib/config/schema";
import { environmentAwsProvider, regionalAwsProvider } from "../lib/core/aws-provider";
import { EnvironmentStack } from "../lib/core/environment-stack";
import { awsNames, clusterName } from "../lib/core/names";

export { clusterName } from "../lib/core/names";

/** `<env>-cluster`: VPC, EKS control plane, node groups and EKS add-ons. */
export class ClusterStack extends EnvironmentStack {
  readonly controlPlane: EksControlPlane;
  readonly vpc: ClusterVpc;
  readonly clusterName: string;
  /**
   * The customer-managed key of the chain data volumes (the platform's StorageClass) and so of their
   * snapshots: a key of the account's own, so snapshots can be shared with or copied to another account
   * or region, which the AWS-managed aws/ebs key forbids.
   */
  readonly volumesKey: RotatingKey;

  constructor(scope: Construct, id: string, env: EnvironmentConfig) {
    super(scope, id, { env });
    const cluster = env.cluster;
    if (!cluster || !env.aws) throw new Error(`${id}: the cluster stack needs cluster and aws settings`);
    environmentAwsProvider(this, env.aws, env.name, id);
    const name = clusterName(env);
    this.clusterName = name;

    const logsKey = new RotatingKey(this, "logs-key", {
      alias: awsNames.logsKeyAlias(name),
      description: `CloudWatch logs of ${name}`,
      accountId: env.aws.accountId,
      extraStatements: [cloudWatchLogsStatement(env.aws.region, env.aws.accountId)],
    });
    this.vpc = new ClusterVpc(this, "network", {
      clusterName: name,
      cidr: cluster.vpc.cidr,
      azCount: cluster.vpc.azCount,
      natGateways: cluster.vpc.natGateways as NatGatewayMode,
      flowLogRetentionDays: cluster.vpc.flowLogRetentionDays,
      logsKeyArn: logsKey.key.arn,
    });
    this.controlPlane = new EksControlPlane(this, "eks", {
      clusterName: name,
      kubernetesVersion: cluster.kubernetesVersion,
      accountId: env.aws.accountId,
      subnetIds: this.vpc.privateSubnets.map((s) => s.id),
      publicAccessCidrs: cluster.endpoint.publicAccessCidrs,
      authenticationMode: cluster.authenticationMode as AuthenticationMode,
      adminRoleArns: cluster.adminRoleArns,
      logRetentionDays: cluster.logRetentionDays,
      logsKeyArn: logsKey.key.arn,
    });

    this.volumesKey = new RotatingKey(this, "volumes-key", {
      alias: awsNames.volumesKeyAlias(name),
      description: `Chain data volumes of ${name} and their snapshots`,
      accountId: env.aws.accountId,
    });
    const addons = new EksAddons(this, "addons", {
      clusterName: this.controlPlane.cluster.name,
      cluster: { name, region: env.aws.region, accountId: env.aws.accountId },
      kubernetesVersion: cluster.kubernetesVersion,
      versions: cluster.addonVersions,
      volumesKeyArn: this.volumesKey.key.arn,
    });
    this.addBackupVaults(env, id);
    const nodeRole = new NodeRole(this, "node-role", { roleName: awsNames.nodeRole(name) });
    const nodeGroups = cluster.nodeGroups.map(
      (group) =>
        new ManagedNodeGroup(this, `node-group-${group.name}`, {
          clusterName: this.controlPlane.cluster.name,
          nodeRoleArn: nodeRole.role.arn,
          subnetIds: this.vpc.privateSubnets.map((s) => s.id),
          group,
          namePrefix: awsNames.nodeGroupPrefix(name, group.name),
          kubernetesVersion: cluster.kubernetesVersion,
          dependsOn: [...addons.beforeCompute, ...nodeRole.attachments],
        }).nodeGroup,
    );
    addons.addAfterCompute(nodeGroups);

    new TerraformOutput(this, "cluster_name", { value: this.controlPlane.cluster.name });
    new TerraformOutput(this, "vpc_id", { value: this.vpc.vpc.id });
  }

  /** The vaults the enabled coins' AWS Backup backups go to (and their copies), when any coin has one (quiesced ones are the cluster's). */
  private addBackupVaults(env: EnvironmentConfig, id: string): void {
    const enabled = Object.fromEntries(Object.entries(env.coins).filter(([, settings]) => settings.enabled));
    const backups = configuredBackups(enabled).filter(({ backup }) => !backup.quiesce);
    if (backups.length === 0 || !env.aws) return;
    const aws = env.aws;
    const copyRegions = [...new Set(backups.flatMap(({ backup }) => backup.copyToRegion ?? []))].sort();
    new BackupVaults(this, "backups", {
      clusterName: this.clusterName,
      accountId: aws.accountId,
      volumesKeyArn: this.volumesKey.key.arn,
      copyRegions: copyRegions.map((region) => ({ region, provider: regionalAwsProvider(this, aws, env.name, id, region) })),
    });
  }
}
