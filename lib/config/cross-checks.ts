/**
 * Rules between keys of one environment file, which no single key's schema can
 * state: what needs the cluster or the AWS account, the state roles' account,
 * zones of the region, node groups the coins name, approvals of this
 * environment's stacks, the certificate issuer's needs.
 */
import type { z } from "zod";
import { type BackupSettings, configuredBackups, kubernetesSchedule } from "./coin-settings";
import { awsNames, clusterName, NODE_GROUP_PREFIX_MAX, stackIds } from "./environment-names";
import { GUARDED_TYPES } from "./guarded-types";
import { AVAILABILITY_ZONE, dnsLabel, zoneInRegion } from "./rules";
import type { EnvironmentConfig } from "./schema";

type Problem = (path: (string | number)[], input: unknown, message: string) => void;

/** The environment schema's refinement: every rule below, each reporting at the key to change. */
export function checkAcrossKeys(env: EnvironmentConfig, ctx: z.RefinementCtx): void {
  const problem: Problem = (path, input, message) => ctx.addIssue({ code: "custom", path, input, message });
  for (const check of [checkTarget, checkStateBackend, checkPlatform, checkZones, checkNodeGroupNames, checkCoinNodeGroups, checkApprovals, checkIssuer, checkBackups, checkSnapshotVolumes, checkAlerting]) check(env, problem);
}

/** An EKS cluster or an existing one from a kubeconfig, and the AWS account what lives in AWS needs. */
function checkTarget(env: EnvironmentConfig, problem: Problem): void {
  if (env.cluster && env.kubeconfig) problem(["kubeconfig"], env.kubeconfig, "expected either cluster (EKS) or kubeconfig (existing cluster), not both");
  if (!env.cluster && !env.kubeconfig) problem(["cluster"], undefined, "expected cluster (EKS) or kubeconfig (existing cluster)");
  if (env.cluster && !env.aws) problem(["aws"], undefined, "expected aws.region and aws.accountId when cluster is set");
  if (env.backend.type === "s3" && !env.aws) problem(["aws"], undefined, "expected aws.region and aws.accountId for the s3 backend");
}

/** The s3 backend's roles: named when there is no cluster to default to, and in the environment's account. */
function checkStateBackend(env: EnvironmentConfig, problem: Problem): void {
  if (env.backend.type !== "s3") return;
  if (!env.backend.stateWriters && !env.cluster) {
    problem(["backend", "stateWriters"], undefined, "expected the IAM role ARNs that may write the state (without cluster there are no cluster.adminRoleArns to default to)");
  }
  const account = env.aws?.accountId;
  if (!account || !/^\d{12}$/.test(account)) return;
  for (const key of ["stateWriters", "stateReaders"] as const) {
    env.backend[key]?.forEach((arn, index) => {
      if (arn.split(":")[4] !== account) problem(["backend", key, index], arn, `expected a role in the environment's account ${account} (aws.accountId): the state bucket and key live there`);
    });
  }
}

/** Add-ons that need EKS (the gp3 class, external-dns) or a hosted zone. */
function checkPlatform(env: EnvironmentConfig, problem: Problem): void {
  if (env.kubeconfig && !env.cluster && env.platform.storageClass.create) {
    problem(["platform", "storageClass", "create"], true, "expected false without an EKS cluster (the gp3 class needs the EBS CSI driver; local clusters use their default class)");
  }
  if (env.platform.externalDns.enabled && !env.dns?.hostedZoneId) {
    problem(["platform", "externalDns", "enabled"], true, "expected dns.hostedZoneId to be set when external-dns is enabled");
  }
  if (env.platform.externalDns.enabled && !env.cluster) {
    problem(["platform", "externalDns", "enabled"], true, "expected false without an EKS cluster (external-dns writes Route53 through Pod Identity)");
  }
}

/** A zone of the environment's region; a text that is no zone name at all is reported once, by its own rule. */
function checkZoneInRegion(path: (string | number)[], zone: string, region: string, problem: Problem): void {
  if (AVAILABILITY_ZONE.test(zone) && !zoneInRegion(zone, region)) problem(path, zone, `expected an availability zone of aws.region ${region} (${region}a, ${region}b, ...)`);
}

/** A coin's zones are zones of the environment's region. */
function checkZones(env: EnvironmentConfig, problem: Problem): void {
  const region = env.aws?.region;
  if (!region) return;
  for (const [coin, settings] of Object.entries(env.coins)) {
    settings?.scheduling.zones.forEach((zone, index) => {
      checkZoneInRegion(["coins", coin, "scheduling", "zones", index], zone, region, problem);
    });
  }
}

/** Node group names short enough for the name prefix EKS extends. */
function checkNodeGroupNames(env: EnvironmentConfig, problem: Problem): void {
  if (!env.cluster) return;
  const cluster = clusterName(env);
  env.cluster.nodeGroups.forEach((group, index) => {
    const prefix = awsNames.nodeGroupPrefix(cluster, group.name);
    if (prefix.length <= NODE_GROUP_PREFIX_MAX) return;
    const allowed = Math.max(1, NODE_GROUP_PREFIX_MAX - cluster.length - 2);
    problem(["cluster", "nodeGroups", index, "name"], group.name, `expected at most ${allowed} characters: the node group's name prefix "${prefix}" may have ${NODE_GROUP_PREFIX_MAX} (EKS appends a 26-character suffix)`);
  });
}

/** A coin's node group is one of the cluster's, with labels to select its nodes by. */
function checkCoinNodeGroups(env: EnvironmentConfig, problem: Problem): void {
  // Checked only against well-formed node groups: a misspelt or missing group is the one problem to report.
  const groupsValid = env.cluster === undefined || (env.cluster.nodeGroups.length > 0 && env.cluster.nodeGroups.every((g) => dnsLabel(40).safeParse(g.name).success));
  if (!groupsValid) return;
  for (const [coin, settings] of Object.entries(env.coins)) {
    const wanted = settings?.scheduling.nodeGroup;
    if (wanted === undefined) continue;
    const path = ["coins", coin, "scheduling", "nodeGroup"];
    const group = env.cluster?.nodeGroups.find((g) => g.name === wanted);
    const names = (env.cluster?.nodeGroups ?? []).map((g) => `"${g.name}"`).join(", ");
    if (!group) problem(path, wanted, env.cluster ? `expected one of cluster.nodeGroups' names (${names})` : "expected no nodeGroup without an EKS cluster (use nodeSelector and tolerations)");
    else if (Object.keys(group.labels).length === 0) problem(path, wanted, `expected a node group with labels to select its nodes by (cluster.nodeGroups: "${wanted}" has none)`);
  }
}

/** Each approved replacement names a stack of this environment and a guarded type, once. */
function checkApprovals(env: EnvironmentConfig, problem: Problem): void {
  const stacks = environmentStackIds(env);
  const approved = new Set<string>();
  env.policy.approvedReplacements.forEach((approval, index) => {
    const path = ["policy", "approvedReplacements", index, "address"];
    const [stack, address] = approval.address.split("/") as [string, string];
    const type = address.slice(0, address.indexOf("."));
    if (!stacks.includes(stack)) problem(path, approval.address, `expected one of this environment's stacks before the "/" (${stacks.join(", ")})`);
    if (!(GUARDED_TYPES as readonly string[]).includes(type)) {
      problem(path, approval.address, `expected a resource type the replacement guard covers (${GUARDED_TYPES.join(", ")}), not ${type}`);
    }
    if (approved.has(approval.address)) problem(path, approval.address, "expected an address not approved before");
    approved.add(approval.address);
  });
}

/** An ACME issuer needs an email, a hosted zone for DNS-01 and the cluster's Pod Identity. */
function checkIssuer(env: EnvironmentConfig, problem: Problem): void {
  const issuer = env.platform.certManager.issuer;
  if (issuer === "self-signed") return;
  if (!env.platform.certManager.acmeEmail) problem(["platform", "certManager", "acmeEmail"], undefined, `expected an email address for the ${issuer} issuer`);
  if (!env.dns?.hostedZoneId) problem(["dns", "hostedZoneId"], env.dns?.hostedZoneId, `expected the hosted zone id for ${issuer} DNS-01 challenges`);
  if (!env.cluster) problem(["platform", "certManager", "issuer"], issuer, 'expected "self-signed" without an EKS cluster (DNS-01 needs Route53 through Pod Identity)');
}

/** Backups are EBS snapshots in the environment's account: they need the EKS cluster, and a copy goes to another region. */
function checkBackups(env: EnvironmentConfig, problem: Problem): void {
  // The vault's name (`<cluster>-chain-volumes`) always fits AWS Backup's 50 characters: node group prefixes keep cluster names to 34 (lib/config/environment-names.ts).
  for (const { path, backup, workload, coin } of configuredBackups(env.coins)) {
    if (!env.cluster) problem(path, backup, "expected no backup without an EKS cluster (backups are EBS snapshots taken by AWS Backup)");
    else if (env.aws && backup.copyToRegion === env.aws.region) problem([...path, "copyToRegion"], backup.copyToRegion, `expected a region other than aws.region (${env.aws.region}): the copy is for losing that region`);
    if (backup.quiesce) checkQuiesce(path, backup, workload, env.coins[coin]?.replicas ?? 1, problem);
  }
}

/** A quiesced backup stops one ordinal of the main pods, on a schedule a CronJob can keep, and makes CSI snapshots AWS Backup cannot copy. */
function checkQuiesce(path: (string | number)[], backup: BackupSettings, workload: string | undefined, replicas: number, problem: Problem): void {
  const quiesce = [...path, "quiesce"];
  if (workload) problem(quiesce, backup.quiesce, "expected quiesce on a service of the main pods only");
  else if (backup.quiesce!.ordinal >= replicas) problem([...quiesce, "ordinal"], backup.quiesce!.ordinal, `expected an ordinal below replicas (0 to ${replicas - 1})`);
  if (backup.copyToRegion) problem([...path, "copyToRegion"], backup.copyToRegion, "expected no copyToRegion with quiesce: quiesced snapshots are the cluster's, not AWS Backup's recovery points");
  if (kubernetesSchedule(backup.schedule) === undefined) problem([...path, "schedule"], backup.schedule, "expected a schedule a Kubernetes CronJob can keep with quiesce: year *, and no L, W or #");
}

/**
 * A volume from an EBS snapshot is an EC2 volume of the environment's account, in a zone of its
 * region. On a cluster from a kubeconfig, volumes start from VolumeSnapshots of its CSI driver, and
 * snapshots are taken through that driver's class.
 */
function checkSnapshotVolumes(env: EnvironmentConfig, problem: Problem): void {
  for (const [coin, settings] of Object.entries(env.coins)) {
    settings?.volumeOperations.forEach((operation, index) => {
      const path = ["coins", coin, "volumeOperations", index];
      if (operation.action === "snapshot") {
        if (!env.cluster && !operation.class) problem([...path, "class"], undefined, "expected the VolumeSnapshotClass of the cluster's CSI driver (without an EKS cluster there is no ebs-retain class)");
        return;
      }
      if (operation.action === "resync" || operation.snapshot === undefined) return;
      if (!env.cluster || !env.aws) {
        problem([...path, "snapshot"], operation.snapshot, `expected volumeSnapshot (a VolumeSnapshot of the coin's namespace) without an EKS cluster: a ${operation.action} from an EBS snapshot makes an EBS volume`);
      } else if (operation.zone !== undefined) {
        checkZoneInRegion([...path, "zone"], operation.zone, env.aws.region, problem);
      }
    });
  }
}

/**
 * With monitoring on, alerts reach someone: receivers, or an explicit `receivers: []` with its reason;
 * routes name receivers that exist; a production environment that notifies anyone has a heartbeat.
 */
function checkAlerting(env: EnvironmentConfig, problem: Problem): void {
  const { monitoring } = env.platform;
  const path = ["platform", "monitoring", "alerting"];
  if (!monitoring.enabled) return;
  const alerting = monitoring.alerting;
  if (!alerting) {
    problem(path, undefined, "expected receivers for the alerts (or receivers: [] with noReceiversReason): without them no alert reaches anyone");
    return;
  }
  const names = alerting.receivers.map((r) => r.name);
  if (alerting.receivers.length === 0 && !alerting.noReceiversReason) problem([...path, "receivers"], [], "expected at least one receiver, or noReceiversReason saying why nobody is notified");
  if (alerting.receivers.length > 0 && alerting.noReceiversReason) problem([...path, "noReceiversReason"], alerting.noReceiversReason, "expected no reason while receivers are listed");
  alerting.receivers.forEach((receiver, index) => {
    if (names.indexOf(receiver.name) !== index) problem([...path, "receivers", index, "name"], receiver.name, "expected a receiver name not listed before");
    if (receiver.channel && receiver.type !== "slack") problem([...path, "receivers", index, "channel"], receiver.channel, `expected no channel for a ${receiver.type} receiver (slack only)`);
  });
  const known = `one of the receivers (${names.join(", ") || "none listed"})`;
  alerting.routes.forEach((route, index) => {
    if (!names.includes(route.receiver)) problem([...path, "routes", index, "receiver"], route.receiver, `expected ${known}`);
  });
  if (alerting.defaultReceiver && !names.includes(alerting.defaultReceiver)) problem([...path, "defaultReceiver"], alerting.defaultReceiver, `expected ${known}`);
  if (env.tier === "production" && names.length > 0 && !alerting.heartbeat) {
    problem([...path, "heartbeat"], undefined, "expected a heartbeat (a dead man's switch's webhook URL in a Secret) in a production environment: without it a dead Prometheus or Alertmanager goes unnoticed");
  }
}

/** The stacks an environment synthesizes (lib/app.ts builds the same list). */
function environmentStackIds(env: Pick<EnvironmentConfig, "name" | "backend" | "cluster" | "coins">): string[] {
  const coins = Object.entries(env.coins)
    .filter(([, settings]) => settings?.enabled)
    .map(([coin]) => stackIds.coin(env.name, coin));
  return [...(env.backend.type === "s3" ? [stackIds.bootstrap(env.name)] : []), ...(env.cluster ? [stackIds.cluster(env.name)] : []), stackIds.platform(env.name), ...coins];
}
