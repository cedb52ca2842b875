/** Scheduled backups of chain volumes (lib/aws/backup): the environment's vaults and role, and one service's plan. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { BackupVaults } from "../../lib/aws/backup/vaults";
import { ServiceBackup, type ServiceBackupProps } from "../../lib/aws/backup/service-backup";
import { shippedSynthesis } from "../helpers/synth";

const KEY = "arn:aws:kms:us-east-2:111111111111:key/volumes";

function synth(build: Parameters<typeof Testing.synthScope>[0]): Record<string, any> {
  return JSON.parse(Testing.synthScope(build));
}
const only = (json: Record<string, any>, type: string): any => {
  const all = Object.values<any>(json.resource[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
};

const service: ServiceBackupProps = {
  clusterName: "coinstacks-prod",
  region: "us-east-2",
  accountId: "111111111111",
  environment: "prod",
  coin: "bitcoin",
  service: "daemon",
  asset: "bitcoin",
  namespace: "coin-bitcoin",
  claimPrefix: "data-daemon-bitcoin-sts-",
  backup: { schedule: "cron(0 3 * * ? *)", retainDays: 7 },
};

describe("a service's backup plan", () => {
  const json = synth((scope) => new ServiceBackup(scope, "backup", service));
  const rule = only(json, "aws_backup_plan").rule[0];

  it("snapshots on the configured schedule into the environment's vault, and keeps each snapshot retainDays", () => {
    expect(only(json, "aws_backup_plan").name).toBe("coinstacks-prod-bitcoin-daemon");
    expect(rule).toMatchObject({ schedule: "cron(0 3 * * ? *)", target_vault_name: "coinstacks-prod-chain-volumes", lifecycle: { delete_after: 7 } });
  });
  it("tags each snapshot with environment, coin and service", () => {
    expect(rule.recovery_point_tags).toEqual({ "coinstacks.io/environment": "prod", "coinstacks.io/coin": "bitcoin", "coinstacks.io/service": "daemon" });
  });
  it("copies nothing unless a region is named", () => {
    expect(rule.copy_action).toBeUndefined();
  });
  it("selects every ordinal's volume of the service by the tags the StorageClass gives it, in this environment only", () => {
    const selection = only(json, "aws_backup_selection");
    expect(selection.resources).toEqual(["arn:aws:ec2:us-east-2:111111111111:volume/*"]);
    expect(selection.condition).toEqual([
      {
        string_equals: [
          { key: "aws:ResourceTag/coinstacks.io/environment", value: "prod" },
          { key: "aws:ResourceTag/coinstacks.io/namespace", value: "coin-bitcoin" },
        ],
        string_like: [{ key: "aws:ResourceTag/coinstacks.io/claim", value: "data-daemon-bitcoin-sts-*" }],
      },
    ]);
    expect(selection.iam_role_arn).toBe("arn:aws:iam::111111111111:role/coinstacks-prod-backup");
  });
  it("copies each snapshot to the vault of the same name in another region, kept as long", () => {
    const copied = synth((scope) => new ServiceBackup(scope, "backup", { ...service, backup: { ...service.backup, copyToRegion: "us-west-2" } }));
    expect(only(copied, "aws_backup_plan").rule[0].copy_action).toEqual([
      { destination_vault_arn: "arn:aws:backup:us-west-2:111111111111:backup-vault:coinstacks-prod-chain-volumes", lifecycle: { delete_after: 7 } },
    ]);
  });
});

describe("the environment's backup vaults", () => {
  const json = synth((scope) => {
    const west = new AwsProvider(scope, "west", { alias: "us_west_2", region: "us-west-2" });
    new BackupVaults(scope, "backups", { clusterName: "coinstacks-prod", accountId: "111111111111", volumesKeyArn: KEY, copyRegions: [{ region: "us-west-2", provider: west }] });
  });
  const vaults = Object.values<any>(json.resource.aws_backup_vault);

  it("keep snapshots in a vault encrypted with the volumes key, and copies in a vault with a key of its own region", () => {
    const described = vaults.map((v) => ({ name: v.name, key: v.kms_key_arn, provider: v.provider }));
    expect(described).toHaveLength(2);
    expect(described).toEqual(
      expect.arrayContaining([
        { name: "coinstacks-prod-chain-volumes", key: KEY, provider: undefined },
        { name: "coinstacks-prod-chain-volumes", key: expect.stringMatching(/^\$\{aws_kms_key\.backups_copy-key-us-west-2_key_\w+\.arn\}$/), provider: "aws.us_west_2" },
      ]),
    );
    expect(only(json, "aws_kms_key").provider).toBe("aws.us_west_2");
  });
  it("cannot be destroyed by Terraform, nor emptied by a destroy", () => {
    for (const vault of vaults) expect(vault).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
  });
  it("give AWS Backup a role with its managed backup and restore policies and the use of every key involved", () => {
    const role = only(json, "aws_iam_role");
    expect(role.name).toBe("coinstacks-prod-backup");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    expect(Object.values<any>(json.resource.aws_iam_role_policy_attachment).map((a) => a.policy_arn)).toEqual([
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ]);
    const statements = JSON.parse(only(json, "aws_iam_role_policy").policy).Statement;
    expect(statements.map((s: any) => s.Resource)).toEqual([[KEY, expect.stringContaining("backups_copy-key-us-west-2")], [KEY, expect.stringContaining("backups_copy-key-us-west-2")]]);
  });
});

describe("backups in the shipped environments", () => {
  const { stacks } = shippedSynthesis();
  const plans = (id: string): string[] => Object.values<any>(stacks.get(id)?.resource?.aws_backup_plan ?? {}).map((plan) => plan.name).sort();

  it("prod backs up every service of every coin's main pod, dev and local nothing", () => {
    expect(plans("prod-bitcoin")).toEqual(["coinstacks-prod-bitcoin-daemon", "coinstacks-prod-bitcoin-indexer"]);
    expect(plans("prod-ethereum")).toEqual(["coinstacks-prod-ethereum-daemon", "coinstacks-prod-ethereum-daemon-beacon", "coinstacks-prod-ethereum-indexer"]);
    expect([...stacks.keys()].filter((id) => !id.startsWith("prod-")).flatMap(plans)).toEqual([]);
  });
  it("gives a coin stack an AWS provider only when it has backups to plan", () => {
    expect(Object.keys(stacks.get("prod-bitcoin")!.provider ?? {})).toContain("aws");
    expect(Object.keys(stacks.get("dev-bitcoin")!.provider ?? {})).not.toContain("aws");
  });
  it("creates the vaults where backups are planned: prod's, and a copy vault in us-west-2", () => {
    expect(Object.values<any>(stacks.get("prod-cluster")!.resource!.aws_backup_vault!).map((vault) => vault.provider ?? "aws")).toEqual(["aws.us_west_2", "aws"]);
    expect(stacks.get("dev-cluster")!.resource!.aws_backup_vault).toBeUndefined();
  });
});
