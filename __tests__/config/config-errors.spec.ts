/**
 * Build point 2: every config problem is one line naming the file, the key
 * path, what is allowed and the value found, and all problems are reported at
 * once. The table starts from the shipped prod.yaml and breaks one key at a time.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { inspect } from "node:util";
import { stringify } from "yaml";
import { COIN_NAMES } from "../../coinstacks/names";
import { CONFIG_DIR, ENVIRONMENTS_VARIABLE, listEnvironments, loadEnvironments, parseEnvironment } from "../../lib/config/load";
import { ConfigError } from "../../lib/config/messages";
import { buildError, DELETE, setAt } from "../helpers/bad-input";
import { shippedInput } from "../helpers/config";

/** The problems reported for prod.yaml (or `base`) with the given keys changed, parsed and built into stacks. */
function problemsWith(changes: Record<string, unknown>, _file = "config/prod.yaml", base = "prod"): string[] {
  return [...(buildError(changes, base)?.problems ?? [])];
}

const ONE_LINE = /^config\/[a-z0-9-]+\.yaml: [^:\n]+: expected [^\n]+, got [^\n]+$/;

describe("a bad value in config/<env>.yaml", () => {
  // [key path, bad value, the exact line reported]
  const table: [string, unknown, string][] = [
    ["cluster.nodeGroups[0].desiredSize", "three", 'config/prod.yaml: cluster.nodeGroups[0].desiredSize: expected an integer between 1 and 1000, got "three"'],
    ["cluster.nodeGroups[0].desiredSize", 2.5, "config/prod.yaml: cluster.nodeGroups[0].desiredSize: expected an integer between 1 and 1000, got 2.5"],
    ["cluster.nodeGroups[0].desiredSize", 20, "config/prod.yaml: cluster.nodeGroups[0].desiredSize: expected minSize <= desiredSize <= maxSize (3 <= ? <= 14), got 20"],
    ["cluster.nodeGroups[0].minSize", -1, "config/prod.yaml: cluster.nodeGroups[0].minSize: expected an integer between 0 and 1000, got -1"],
    ["cluster.nodeGroups[0].instanceTypes", [], "config/prod.yaml: cluster.nodeGroups[0].instanceTypes: expected at least 1 item, got []"],
    ["cluster.nodeGroups[0].instanceTypes", "m7i.large", 'config/prod.yaml: cluster.nodeGroups[0].instanceTypes: expected a list, got "m7i.large"'],
    ["cluster.nodeGroups[0].instanceTypes[0]", "huge", 'config/prod.yaml: cluster.nodeGroups[0].instanceTypes[0]: expected an EC2 instance type such as m7i.2xlarge, got "huge"'],
    ["cluster.nodeGroups[0].capacityType", "spot", 'config/prod.yaml: cluster.nodeGroups[0].capacityType: expected one of "ON_DEMAND", "SPOT", got "spot"'],
    [
      "cluster.nodeGroups[0].amiType",
      "AL2_x86_64",
      'config/prod.yaml: cluster.nodeGroups[0].amiType: expected one of "AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64", got "AL2_x86_64"',
    ],
    ["cluster.nodeGroups[0].rootVolumeGiB", 10, "config/prod.yaml: cluster.nodeGroups[0].rootVolumeGiB: expected an integer between 20 and 16384, got 10"],
    [
      "cluster.nodeGroups[0].name",
      "Chain_Nodes",
      'config/prod.yaml: cluster.nodeGroups[0].name: expected a lowercase RFC 1123 label (a-z, 0-9, "-", at most 40 characters), got "Chain_Nodes"',
    ],
    ["cluster.nodeGroups[1].name", "chain", 'config/prod.yaml: cluster.nodeGroups[1].name: expected a node group name not used before, got "chain"'],
    [
      "cluster.nodeGroups[0].labels",
      { "bad key!": "x" },
      'config/prod.yaml: cluster.nodeGroups[0].labels["bad key!"]: expected a Kubernetes label key (optional DNS prefix and \'/\', then at most 63 of A-Z a-z 0-9 - _ .), got "bad key!"',
    ],
    [
      "cluster.nodeGroups[0].labels",
      { tier: "bad value!" },
      'config/prod.yaml: cluster.nodeGroups[0].labels.tier: expected a Kubernetes label value (at most 63 of A-Z a-z 0-9 - _ ., starting and ending alphanumeric), got "bad value!"',
    ],
    [
      "cluster.nodeGroups[0].taints",
      [{ key: "dedicated", value: "chain", effect: "NoSchedule" }],
      'config/prod.yaml: cluster.nodeGroups[0].taints[0].effect: expected one of "NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE", got "NoSchedule"',
    ],
    ["cluster.nodeGroups[0].taints", [{ key: "", effect: "NO_SCHEDULE" }], `config/prod.yaml: cluster.nodeGroups[0].taints[0].key: expected a Kubernetes label key (optional DNS prefix and '/', then at most 63 of A-Z a-z 0-9 - _ .), got ""`],
    ["cluster.nodeGroups[0].taints", [{ key: "dedicated", value: "${var.x}", effect: "NO_SCHEDULE" }], 'config/prod.yaml: cluster.nodeGroups[0].taints[0].value: expected a Kubernetes label value (at most 63 of A-Z a-z 0-9 - _ ., starting and ending alphanumeric), got "${var.x}"'],
    ["cluster.nodeGroups", [], "config/prod.yaml: cluster.nodeGroups: expected at least one node group, got []"],
    ["cluster.kubernetesVersion", "1.29", 'config/prod.yaml: cluster.kubernetesVersion: expected one of "1.31", "1.32", "1.33", "1.34", got "1.29"'],
    ["cluster.kubernetesVersion", 1.33, 'config/prod.yaml: cluster.kubernetesVersion: expected one of "1.31", "1.32", "1.33", "1.34", got 1.33 (YAML reads 1.33 as a number; quote it: "1.33")'],
    ["cluster.vpc.cidr", "10.10.0.1/16", 'config/prod.yaml: cluster.vpc.cidr: expected an IPv4 CIDR block with no host bits set, such as 10.0.0.0/16, got "10.10.0.1/16"'],
    ["cluster.vpc.cidr", "10.300.0.0/16", 'config/prod.yaml: cluster.vpc.cidr: expected an IPv4 CIDR block with no host bits set, such as 10.0.0.0/16, got "10.300.0.0/16"'],
    ["cluster.vpc", DELETE, "config/prod.yaml: cluster.vpc: expected an object, got nothing"],
    ["cluster.vpc.azCount", 4, "config/prod.yaml: cluster.vpc.azCount: expected an integer between 2 and 3, got 4"],
    ["cluster.vpc.natGateways", "none", 'config/prod.yaml: cluster.vpc.natGateways: expected one of "single", "perAz", got "none"'],
    [
      "cluster.endpoint.publicAccessCidrs",
      ["0.0.0.0/0"],
      'config/prod.yaml: cluster.endpoint.publicAccessCidrs[0]: expected a specific IPv4 CIDR block such as 203.0.113.0/24 (0.0.0.0/0 is refused), got "0.0.0.0/0"',
    ],
    ["cluster.authenticationMode", "CONFIG_MAP", 'config/prod.yaml: cluster.authenticationMode: expected one of "API", "API_AND_CONFIG_MAP", got "CONFIG_MAP"'],
    ["cluster.adminRoleArns", [], "config/prod.yaml: cluster.adminRoleArns: expected at least one admin role ARN, got []"],
    [
      "cluster.adminRoleArns[0]",
      "arn:aws:iam::222222222222:user/alice",
      'config/prod.yaml: cluster.adminRoleArns[0]: expected an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admin, got "arn:aws:iam::222222222222:user/alice"',
    ],
    ["cluster.logRetentionDays", 0, "config/prod.yaml: cluster.logRetentionDays: expected an integer between 1 and 3653, got 0"],
    ["cluster.addonVersions.coredns", 1, "config/prod.yaml: cluster.addonVersions.coredns: expected an EKS add-on version such as v1.19.5-eksbuild.1, got 1 (YAML reads 1 as a number; quote it: \"1\")"],
    ["cluster.addonVersions.coredns", "${latest}", 'config/prod.yaml: cluster.addonVersions.coredns: expected an EKS add-on version such as v1.19.5-eksbuild.1, got "${latest}"'],
    ["aws.region", "Ohio", 'config/prod.yaml: aws.region: expected an AWS region such as us-east-2, got "Ohio"'],
    ["aws.accountId", 222222222222, 'config/prod.yaml: aws.accountId: expected a 12-digit AWS account id in quotes, such as "123456789012", got 222222222222 (YAML reads 222222222222 as a number; quote it: "222222222222")'],
    ["backend.type", "gcs", 'config/prod.yaml: backend.type: expected one of "s3", "cloud", "local", got "gcs"'],
    ["backend.bucket", "ab", 'config/prod.yaml: backend.bucket: expected an S3 bucket name AWS accepts (3 to 63 characters), got "ab"'],
    [
      "backend.kmsKeyArn",
      "my-key",
      'config/prod.yaml: backend.kmsKeyArn: expected a KMS key or alias ARN such as arn:aws:kms:us-east-2:123456789012:alias/tfstate, got "my-key"',
    ],
    ["backend.bootstrapStateInBucket", "yes", 'config/prod.yaml: backend.bootstrapStateInBucket: expected true or false, got "yes"'],
    [
      "namePrefix",
      "CoinStacks",
      'config/prod.yaml: namePrefix: expected a lowercase name starting with a letter, at most 20 characters (a-z, 0-9, -), got "CoinStacks"',
    ],
    ["coins.polkadot.workloads.validator.enabled", "yes", 'config/prod.yaml: coins.polkadot.workloads.validator.enabled: expected true or false, got "yes"'],
    ["coins.polkadot.workloads.validator.protected", 1, "config/prod.yaml: coins.polkadot.workloads.validator.protected: expected true or false, got 1"],
    ["coins.polkadot.workloads.validator.replicas", "two", 'config/prod.yaml: coins.polkadot.workloads.validator.replicas: expected an integer between 0 and 10, got "two"'],
    ["dns.rootDomain", "Example.COM", 'config/prod.yaml: dns.rootDomain: expected a lowercase DNS name such as example.com, got "Example.COM"'],
    ["dns.hostedZoneId", "zone-1", 'config/prod.yaml: dns.hostedZoneId: expected a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ, got "zone-1"'],
    [
      "platform.certManager.issuer",
      "letsencrypt",
      'config/prod.yaml: platform.certManager.issuer: expected one of "letsencrypt-production", "letsencrypt-staging", "self-signed", got "letsencrypt"',
    ],
    ["platform.certManager.acmeEmail", "not-an-email", 'config/prod.yaml: platform.certManager.acmeEmail: expected an email address, got "not-an-email"'],
    [
      "platform.certManager.acmeEmail",
      DELETE,
      "config/prod.yaml: platform.certManager.acmeEmail: expected an email address for the letsencrypt-production issuer, got nothing",
    ],
    ["platform.traefik.replicas", "three", 'config/prod.yaml: platform.traefik.replicas: expected an integer between 1 and 50, got "three"'],
    ["platform.traefik.serviceType", "ClusterIP", 'config/prod.yaml: platform.traefik.serviceType: expected one of "LoadBalancer", "NodePort", got "ClusterIP"'],
    [
      "platform.traefik.loadBalancerSourceRanges",
      ["10.0.0.0/33"],
      'config/prod.yaml: platform.traefik.loadBalancerSourceRanges[0]: expected an IPv4 CIDR block with no host bits set, such as 10.0.0.0/16, got "10.0.0.0/33"',
    ],
    ["platform.externalDns.enabled", "true", 'config/prod.yaml: platform.externalDns.enabled: expected true or false, got "true"'],
    ["platform.monitoring.retention", "30 days", 'config/prod.yaml: platform.monitoring.retention: expected a duration such as 30d, got "30 days"'],
    ["platform.monitoring.storageGiB", 5, "config/prod.yaml: platform.monitoring.storageGiB: expected an integer between 10 and 16384, got 5"],
    [
      "platform.storageClass.name",
      "GP3",
      'config/prod.yaml: platform.storageClass.name: expected a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters), got "GP3"',
    ],
    ["platform", DELETE, "config/prod.yaml: platform: expected an object, got nothing"],
    // Coin settings and policy waivers, some only caught when the stacks are built (volume floors).
    ["coins.bitcoin.services.daemon.storage.size", "600Gi", "config/prod.yaml: coins.bitcoin.services.daemon.storage.size: expected at least 700Gi: volumes only grow (current size recorded in config/volume-floors.json; 700Gi of chain data would not fit), got \"600Gi\""],
    ["coins.bitcoin.services.daemon.storage.size", "big", "config/prod.yaml: coins.bitcoin.services.daemon.storage.size: expected a Kubernetes quantity such as 500m, 2, 8Gi or 1.5Ti, got \"big\""],
    ["coins.bitcoin.services.daemon.storage.size", "17Ti", "config/prod.yaml: coins.bitcoin.services.daemon.storage.size: expected a gp3 size between 1Gi and 16384Gi, got \"17Ti\""],
    ["coins.bitcoin.services.daemon.storage.iops", 20000, "config/prod.yaml: coins.bitcoin.services.daemon.storage.iops: expected gp3 IOPS between 3000 and 16000, got 20000"],
    ["coins.bitcoin.services.daemon.storage.iops", 1000, "config/prod.yaml: coins.bitcoin.services.daemon.storage.iops: expected gp3 IOPS between 3000 and 16000, got 1000"],
    ["coins.bitcoin.services.daemon.storage.throughput", 2000, "config/prod.yaml: coins.bitcoin.services.daemon.storage.throughput: expected gp3 throughput between 125 and 1000 MiB/s, got 2000"],
    ["coins.bitcoin.services.daemon.storage.throughput", "fast", "config/prod.yaml: coins.bitcoin.services.daemon.storage.throughput: expected an integer >= 1, got \"fast\""],
    ["coins.bitcoin.replicas", 0, "config/prod.yaml: coins.bitcoin.replicas: expected an integer between 1 and 10, got 0"],
    ["coins.bitcoin.replicas", 11, "config/prod.yaml: coins.bitcoin.replicas: expected an integer between 1 and 10, got 11"],
    ["coins.bitcoin.replicas", "two", "config/prod.yaml: coins.bitcoin.replicas: expected an integer between 1 and 10, got \"two\""],
    ["coins.bitcoin.services.daemon.image", "bitcoin/bitcoin:latest", "config/prod.yaml: coins.bitcoin.services.daemon.image: expected an image pinned to a tag other than \"latest\" or to a digest, such as bitcoin/bitcoin:28.1 or bitcoin/bitcoin:28.1@sha256:<64 lowercase hex digits>, got \"bitcoin/bitcoin:latest\""],
    ["coins.bitcoin.services.daemon.image", "bitcoin/bitcoin", "config/prod.yaml: coins.bitcoin.services.daemon.image: expected an image pinned to a tag other than \"latest\" or to a digest, such as bitcoin/bitcoin:28.1 or bitcoin/bitcoin:28.1@sha256:<64 lowercase hex digits>, got \"bitcoin/bitcoin\""],
    ["coins.bitcoin.services.daemon.resources.requests.cpu", "1x", "config/prod.yaml: coins.bitcoin.services.daemon.resources.requests.cpu: expected a Kubernetes quantity such as 500m, 2, 8Gi or 1.5Ti, got \"1x\""],
    ["coins.bitcoin.services.daemon.env", {"RPC_PASSWORD":"hunter2"}, "config/prod.yaml: coins.bitcoin.services.daemon.env.RPC_PASSWORD: expected no credential in an environment variable; declare a secret (mounted as a file under /secrets), got \"hunter2\""],
    ["coins.bitcoin.services.daemon.probes.readiness", {"periodSeconds":5,"timeoutSeconds":6}, "config/prod.yaml: coins.bitcoin.services.daemon.probes.readiness.timeoutSeconds: expected timeoutSeconds <= periodSeconds (5), got 6"],
    ["coins.bitcoin.network", "signet", "config/prod.yaml: coins.bitcoin.network: expected one of \"mainnet\", \"testnet\", \"regtest\", got \"signet\""],
    ["coins.bitcoin.p2p.exposure", "HostPort", "config/prod.yaml: coins.bitcoin.p2p.exposure: expected one of \"none\", \"NodePort\", \"LoadBalancer\", got \"HostPort\""],
    ["coins.bitcoin.p2p", {"exposure":"NodePort"}, "config/prod.yaml: coins.bitcoin.p2p.nodePortBase: expected a node port between 30000 and 32767 for NodePort exposure, got nothing"],
    ["coins.bitcoin.updatePartition", 3, "config/prod.yaml: coins.bitcoin.updatePartition: expected a partition <= replicas (2), got 3"],
    ["coins.bitcoin.terminationGracePeriodSeconds", 10, "config/prod.yaml: coins.bitcoin.terminationGracePeriodSeconds: expected an integer between 30 and 7200, got 10"],
    ["coins.bitcoin.podManagementPolicy", "Random", "config/prod.yaml: coins.bitcoin.podManagementPolicy: expected one of \"Parallel\", \"OrderedReady\", got \"Random\""],
    ["coins.bitcoin.scheduling.zones", ["us-east-2"], "config/prod.yaml: coins.bitcoin.scheduling.zones[0]: expected an availability zone such as us-east-2a, got \"us-east-2\""],
    ["coins.bitcoin.clientNamespaces", ["API"], "config/prod.yaml: coins.bitcoin.clientNamespaces[0]: expected a lowercase RFC 1123 label (a-z, 0-9, \"-\", at most 63 characters), got \"API\""],
    ["policy.waivers", [{"check":"Z9","resource":"*/x.*","reason":"a long enough reason text"}], "config/prod.yaml: policy.waivers[0].check: expected one of \"A1\", \"A2\", \"A3\", \"A4\", \"A5\", \"A6\", \"A7\", \"A8\", \"A9\", \"A10\", \"A11\", \"A12\", \"A13\", \"A14\", \"A15\", \"A16\", \"A17\", \"B1\", \"B2\", \"B3\", \"B4\", \"C1\", \"C2\", \"C3\", \"C4\", \"C5\", \"D1\", \"D2\", \"D3\", \"D4\", \"E1\", \"E2\", \"E3\", \"E4\", \"F1\", \"F2\", \"F3\", \"F4\", \"G1\", \"G2\", \"H1\", \"H2\", \"H3\", \"H4\", \"H5\", \"H6\", \"H7\", \"H8\", \"H9\", \"I1\", \"I2\", \"I3\", \"I4\", \"I5\", \"I6\", \"I7\", \"I8\", \"I10\", \"I11\", \"J1\", \"J2\", \"J3\", got \"Z9\""],
    ["policy.waivers", [{"check":"B3","resource":"*/x.*","reason":"short"}], "config/prod.yaml: policy.waivers[0].reason: expected a reason (at least 20 characters) why the check cannot pass, got \"short\""],
    ["policy.waivers", [{"check":"B3","resource":"kubernetes_stateful_set_v1","reason":"a long enough reason text"}], "config/prod.yaml: policy.waivers[0].resource: expected a resource address <stack>/<type>.<name> as the violation prints it (* matches any characters), got \"kubernetes_stateful_set_v1\""],

  ];

  it("is tested with at least 50 different bad values", () => {
    expect(table.length).toBeGreaterThanOrEqual(50);
  });

  /** One parse and build per row, read by its three specs below (a build is most of this file's time). */
  const outcomes = new Map<string, ReturnType<typeof buildError>>();
  const outcome = (keyPath: string, value: unknown): ReturnType<typeof buildError> => {
    const key = `${keyPath} ${inspect(value, { depth: null })}`;
    if (!outcomes.has(key)) outcomes.set(key, buildError({ [keyPath]: value }));
    return outcomes.get(key);
  };

  it.each(table)("%s = %j is a message, never a stack trace", (keyPath, value) => {
    const message = outcome(keyPath, value)?.message ?? "";
    expect(message.split("\n")[0]).toBe("Invalid configuration (1 problem):");
    expect(message).not.toMatch(/\n\s+at /);
  });

  it.each(table)("%s = %j is reported as one exact line", (keyPath, value, line) => {
    expect([...(outcome(keyPath, value)?.problems ?? [])]).toEqual([line]);
  });

  it.each(table)("%s = %j reads `file: key.path: expected …, got …`", (keyPath, value) => {
    const [line] = outcome(keyPath, value)?.problems ?? [];
    expect(line).toMatch(ONE_LINE);
  });
});

describe("a maintenance entry", () => {
  const entry = (changes: Record<string, unknown>) => ({ ordinal: 1, until: "2026-12-05T00:00:00Z", reason: "re-sync after a corrupted chainstate", ...changes });
  it("refuses an ordinal the coin does not have", () => {
    expect(problemsWith({ "coins.bitcoin.maintenance": [entry({ ordinal: 2 })] })).toEqual([
      "config/prod.yaml: coins.bitcoin.maintenance[0].ordinal: expected an ordinal below replicas (0 to 1), got 2",
    ]);
  });
  it("refuses the same ordinal twice", () => {
    expect(problemsWith({ "coins.bitcoin.maintenance": [entry({}), entry({ daemon: "running" })] })).toEqual([
      "config/prod.yaml: coins.bitcoin.maintenance[1].ordinal: expected an ordinal not listed before, got 1",
    ]);
  });
  it("refuses an until that is no UTC time, and a maintenance without its reason", () => {
    expect(problemsWith({ "coins.bitcoin.maintenance": [entry({ until: "next week", reason: "resync" })] })).toEqual([
      'config/prod.yaml: coins.bitcoin.maintenance[0].until: expected a UTC time such as 2026-12-05T00:00:00Z, got "next week"',
      'config/prod.yaml: coins.bitcoin.maintenance[0].reason: expected a reason (at least 20 characters) for the maintenance, got "resync"',
    ]);
  });
});

describe("a volume operation", () => {
  const operations = "coins.bitcoin.volumeOperations";
  const restore = (changes: Record<string, unknown>) => ({
    action: "restore",
    service: "daemon",
    ordinal: 1,
    snapshot: "snap-0123456789abcdef0",
    zone: "us-east-2a",
    requestedAt: "2026-12-01T20:00:00Z",
    reason: "chainstate corrupted after the disk filled up",
    ...changes,
  });
  it.each<[string, Record<string, unknown>, string]>([
    ["a snapshot id that is none", { snapshot: "snapshot-1" }, 'config/prod.yaml: coins.bitcoin.volumeOperations[0].snapshot: expected an EBS snapshot id such as snap-0123456789abcdef0, got "snapshot-1"'],
    ["an ordinal the coin does not have", { ordinal: 2 }, "config/prod.yaml: coins.bitcoin.volumeOperations[0].ordinal: expected an ordinal below replicas (0 to 1), got 2"],
    ["a service the coin does not have", { service: "wallet" }, 'config/prod.yaml: coins.bitcoin.volumeOperations[0].service: expected one of the services of the main pods (daemon, indexer), got "wallet"'],
    ["a zone of another region", { zone: "us-west-2a" }, 'config/prod.yaml: coins.bitcoin.volumeOperations[0].zone: expected an availability zone of aws.region us-east-2 (us-east-2a, us-east-2b, ...), got "us-west-2a"'],
    ["a requestedAt that is no UTC time", { requestedAt: "today" }, 'config/prod.yaml: coins.bitcoin.volumeOperations[0].requestedAt: expected a UTC time such as 2026-12-05T00:00:00Z, got "today"'],
    ["a replacement without its reason", { reason: "broken" }, 'config/prod.yaml: coins.bitcoin.volumeOperations[0].reason: expected a reason (at least 20 characters) for replacing this volume, got "broken"'],
    ["an unknown action", { action: "rollback" }, 'config/prod.yaml: coins.bitcoin.volumeOperations[0].action: expected an entry with action "seed", "restore", "resync" or "snapshot", got "rollback"'],
  ])("refuses %s", (_what, changes, line) => {
    expect(problemsWith({ [operations]: [restore(changes)] })).toEqual([line]);
  });
  it("refuses a seed of a claim listed before: a seed only starts a new ordinal", () => {
    const seed = { action: "seed", service: "daemon", ordinal: 1, snapshot: "snap-0fedcba9876543210", zone: "us-east-2a" };
    expect(problemsWith({ [operations]: [restore({}), seed] })).toEqual([
      'config/prod.yaml: coins.bitcoin.volumeOperations[1].action: expected restore or resync: daemon 1 is listed before, and a seed only starts a new ordinal, got "seed"',
    ]);
  });
  it("refuses a later replacement of a claim that is not asked for after the one before", () => {
    expect(problemsWith({ [operations]: [restore({}), restore({ snapshot: "snap-0fedcba9876543210", requestedAt: "2026-11-01T00:00:00Z" })] })).toEqual([
      'config/prod.yaml: coins.bitcoin.volumeOperations[1].requestedAt: expected a time after 2026-12-01T20:00:00Z, the requestedAt of the entry for daemon 1 listed before, got "2026-11-01T00:00:00Z"',
    ]);
  });
  it("refuses a second volume of one claim from the same snapshot", () => {
    expect(problemsWith({ [operations]: [restore({}), restore({ requestedAt: "2026-12-02T00:00:00Z" })] })).toEqual([
      'config/prod.yaml: coins.bitcoin.volumeOperations[1].snapshot: expected a snapshot not used before for daemon 1 (its volume exists already, kept), got "snap-0123456789abcdef0"',
    ]);
  });
  it("needs the VolumeSnapshotClass of a snapshot where there is no EKS cluster (no ebs-retain there)", () => {
    const snapshot = { action: "snapshot", service: "daemon", ordinal: 0, name: "before-upgrade" };
    expect(problemsWith({ [operations]: [snapshot] }, "config/local.yaml", "local")).toEqual([
      "config/local.yaml: coins.bitcoin.volumeOperations[0].class: expected the VolumeSnapshotClass of the cluster's CSI driver (without an EKS cluster there is no ebs-retain class), got nothing",
    ]);
    expect(problemsWith({ [operations]: [{ ...snapshot, class: "csi-hostpath-snapclass" }] }, "config/local.yaml", "local")).toEqual([]);
  });

  it("refuses a restore from an EBS snapshot where there is no EKS cluster, and allows a resync there", () => {
    const resync = { action: "resync", service: "daemon", ordinal: 0, requestedAt: "2026-12-01T20:00:00Z", reason: "chainstate corrupted after the disk filled up" };
    expect(problemsWith({ [operations]: [restore({ ordinal: 0, zone: "us-east-2a" })] }, "config/local.yaml", "local")).toEqual([
      'config/local.yaml: coins.bitcoin.volumeOperations[0].snapshot: expected volumeSnapshot (a VolumeSnapshot of the coin\'s namespace) without an EKS cluster: a restore from an EBS snapshot makes an EBS volume, got "snap-0123456789abcdef0"',
    ]);
    expect(problemsWith({ [operations]: [resync] }, "config/local.yaml", "local")).toEqual([]);
  });

  it("allows a seed and a restore from a VolumeSnapshot where there is no EKS cluster", () => {
    const fromVolumeSnapshot = { snapshot: undefined, zone: undefined, volumeSnapshot: "data-daemon-bitcoin-regtest-sts-0-before-upgrade" };
    const seed = { action: "seed", service: "daemon", ordinal: 1, volumeSnapshot: fromVolumeSnapshot.volumeSnapshot };
    expect(problemsWith({ "coins.bitcoin.replicas": 2, [operations]: [restore({ ordinal: 0, ...fromVolumeSnapshot }), seed] }, "config/local.yaml", "local")).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["neither an EBS snapshot nor a VolumeSnapshot", { snapshot: undefined, zone: undefined }, "snapshot: expected snapshot (an EBS snapshot id, with zone) or volumeSnapshot (a VolumeSnapshot of the coin's namespace), got nothing"],
    ["an EBS snapshot without its zone", { zone: undefined }, "zone: expected the availability zone where the volume from snap-0123456789abcdef0 is made, got nothing"],
    ["both an EBS snapshot and a VolumeSnapshot", { zone: undefined, volumeSnapshot: "nightly" }, 'snapshot: expected no snapshot with volumeSnapshot: the CSI driver makes the volume from nightly, got "snap-0123456789abcdef0"'],
    ["a VolumeSnapshot with an EBS initialization rate", { snapshot: undefined, zone: undefined, volumeSnapshot: "nightly", initializationRate: 300 }, "initializationRate: expected no initializationRate with volumeSnapshot: the CSI driver makes the volume from nightly, got 300"],
    ["a VolumeSnapshot name that is no DNS name", { snapshot: undefined, zone: undefined, volumeSnapshot: "Nightly_1" }, "volumeSnapshot: expected"],
  ])("refuses %s", (_what, changes, problem) => {
    const [line, ...more] = problemsWith({ [operations]: [restore(changes)] });
    expect(more).toEqual([]);
    expect(line).toContain(`config/prod.yaml: coins.bitcoin.volumeOperations[0].${problem}`);
  });
});

describe("a backup", () => {
  const daemon = "coins.bitcoin.services.daemon.backup";
  const backup = (changes: Record<string, unknown>) => ({ schedule: "cron(0 3 * * ? *)", retainDays: 7, ...changes });
  it.each<[string, Record<string, unknown>, string]>([
    ["a cron of five fields", { schedule: "cron(0 3 * * ?)" }, "schedule"],
    ["a schedule more often than hourly", { schedule: "cron(*/5 * * * ? *)" }, "schedule"],
    ["a schedule with no ? in either day field", { schedule: "cron(0 3 * * MON *)" }, "schedule"],
    ["a rate expression", { schedule: "rate(1 day)" }, "schedule"],
  ])("refuses %s, saying what AWS Backup accepts", (_case, changes, key) => {
    expect(problemsWith({ [daemon]: backup(changes) })).toEqual([
      `config/prod.yaml: ${daemon}.${key}: expected an AWS Backup cron expression in UTC, at most hourly, such as cron(0 3 * * ? *) (minute hour day-of-month month day-of-week year; ? in exactly one of the two days), got ${JSON.stringify(changes.schedule)}`,
    ]);
  });
  it("refuses a retention of no days", () => {
    expect(problemsWith({ [daemon]: backup({ retainDays: 0 }) })).toEqual([`config/prod.yaml: ${daemon}.retainDays: expected an integer between 1 and 3650, got 0`]);
  });
  it("refuses a copy to the environment's own region", () => {
    expect(problemsWith({ [daemon]: backup({ copyToRegion: "us-east-2" }) })).toEqual([
      `config/prod.yaml: ${daemon}.copyToRegion: expected a region other than aws.region (us-east-2): the copy is for losing that region, got "us-east-2"`,
    ]);
  });
  describe("quiesced", () => {
    const quiesced = (changes: Record<string, unknown> = {}) => backup({ quiesce: { ordinal: 1 }, ...changes });
    it("refuses an ordinal the coin does not run", () => {
      expect(problemsWith({ [daemon]: quiesced({ quiesce: { ordinal: 2 } }) })).toEqual([`config/prod.yaml: ${daemon}.quiesce.ordinal: expected an ordinal below replicas (0 to 1), got 2`]);
    });
    it("refuses a copy to another region: its snapshots are the cluster's, not AWS Backup's", () => {
      expect(problemsWith({ [daemon]: quiesced({ copyToRegion: "us-west-2" }) })).toEqual([
        `config/prod.yaml: ${daemon}.copyToRegion: expected no copyToRegion with quiesce: quiesced snapshots are the cluster's, not AWS Backup's recovery points, got "us-west-2"`,
      ]);
    });
    it.each(["cron(0 3 L * ? *)", "cron(0 3 ? * 6#3 *)", "cron(0 3 * * ? 2027)"])("refuses %s, which a Kubernetes CronJob cannot keep", (schedule) => {
      expect(problemsWith({ [daemon]: quiesced({ schedule }) })).toEqual([
        `config/prod.yaml: ${daemon}.schedule: expected a schedule a Kubernetes CronJob can keep with quiesce: year *, and no L, W or #, got ${JSON.stringify(schedule)}`,
      ]);
    });
    it("refuses a workload's service (polkadot's validator)", () => {
      const validator = "coins.polkadot.workloads.validator.services.daemon.backup";
      expect(problemsWith({ [validator]: quiesced({ quiesce: { ordinal: 0 } }) })).toContain(`config/prod.yaml: coins.polkadot.workloads.validator.services.daemon.backup.quiesce: expected quiesce on a service of the main pods only, got {"ordinal":0}`);
    });
  });
  it("refuses a backup where there is no EKS cluster to take it", () => {
    expect(problemsWith({ [daemon]: backup({}) }, "config/local.yaml", "local")).toEqual([
      `config/local.yaml: ${daemon}: expected no backup without an EKS cluster (backups are EBS snapshots taken by AWS Backup), got {"schedule":"cron(0 3 * * ? *)","retainDays":7}`,
    ]);
  });
  it("refuses a cluster name that would make a backup plan's name longer than AWS Backup allows", () => {
    expect(problemsWith({ "cluster.name": "cluster-name-of-twenty-nine-c" })).toContainEqual(
      'config/prod.yaml: coins.ethereum.services.daemon-beacon.backup: expected a backup plan name of at most 50 characters (AWS Backup\'s limit); cluster-name-of-twenty-nine-c-ethereum-daemon-beacon has 52: shorten cluster.name or namePrefix, got {"schedule":"cron(0 3 * * ? *)","retainDays":7}',
    );
  });
});

describe("a rule that spans several keys", () => {
  it("requires aws settings for an EKS cluster and for the s3 backend", () => {
    expect(problemsWith({ aws: DELETE })).toEqual([
      "config/prod.yaml: aws: expected aws.region and aws.accountId when cluster is set, got nothing",
      "config/prod.yaml: aws: expected aws.region and aws.accountId for the s3 backend, got nothing",
    ]);
  });

  it("requires the hosted zone for external-dns and for Let's Encrypt DNS-01", () => {
    expect(problemsWith({ "dns.hostedZoneId": DELETE })).toEqual([
      "config/prod.yaml: platform.externalDns.enabled: expected dns.hostedZoneId to be set when external-dns is enabled, got true",
      "config/prod.yaml: dns.hostedZoneId: expected the hosted zone id for letsencrypt-production DNS-01 challenges, got nothing",
    ]);
  });

  it("refuses both an EKS cluster and a kubeconfig", () => {
    expect(problemsWith({ kubeconfig: { context: "kind-x" } })).toEqual([
      'config/prod.yaml: kubeconfig: expected either cluster (EKS) or kubeconfig (existing cluster), not both, got {"path":"~/.kube/config","context":"kind-x"}',
    ]);
  });

  it("refuses the gp3 StorageClass, Let's Encrypt and external-dns on a kubeconfig cluster", () => {
    expect(
      problemsWith(
        { "platform.storageClass.create": true, "platform.certManager.issuer": "letsencrypt-staging", "platform.certManager.acmeEmail": "a@example.com", "platform.externalDns.enabled": true, dns: { rootDomain: "example.com", hostedZoneId: "Z123" } },
        "config/local.yaml",
        "local",
      ),
    ).toEqual([
      "config/local.yaml: platform.storageClass.create: expected false without an EKS cluster (the gp3 class needs the EBS CSI driver; local clusters use their default class), got true",
      "config/local.yaml: platform.externalDns.enabled: expected false without an EKS cluster (external-dns writes Route53 through Pod Identity), got true",
      'config/local.yaml: platform.certManager.issuer: expected "self-signed" without an EKS cluster (DNS-01 needs Route53 through Pod Identity), got "letsencrypt-staging"',
    ]);
  });

  it("requires a Terraform Cloud organization for the cloud backend", () => {
    expect(problemsWith({ backend: { type: "cloud" } })).toEqual([
      "config/prod.yaml: backend.organization: expected a Terraform Cloud organization name, got nothing",
    ]);
  });
});

describe("an unknown key", () => {
  it("is rejected at the top level, listing the keys allowed there", () => {
    expect(problemsWith({ clutser: {} })).toEqual([
      "config/prod.yaml: clutser: unknown key; expected one of name, tier, namePrefix, aws, backend, cluster, kubeconfig, dns, network, platform, coins, policy",
    ]);
  });

  it("is rejected in a nested object, listing that object's keys", () => {
    expect(problemsWith({ "platform.storageClass.size": 10 })).toEqual([
      "config/prod.yaml: platform.storageClass.size: unknown key; expected one of create, name",
    ]);
  });

  it("is rejected inside a list item", () => {
    expect(problemsWith({ "cluster.nodeGroups[0].spot": true })).toEqual([
      "config/prod.yaml: cluster.nodeGroups[0].spot: unknown key; expected one of name, instanceTypes, capacityType, amiType, minSize, maxSize, desiredSize, rootVolumeGiB, labels, taints",
    ]);
  });

  it("is rejected in the backend, listing the keys of the chosen backend type", () => {
    expect(problemsWith({ "backend.organization": "acme" })).toEqual([
      "config/prod.yaml: backend.organization: unknown key; expected one of type, bucket, region, kmsKeyArn, bootstrapStateInBucket, stateWriters, stateReaders",
    ]);
  });

  it("is rejected for a coin the catalog lacks, listing the known coins", () => {
    expect(problemsWith({ "coins.ethereumx": { replicas: 1 } })).toEqual([
      `config/prod.yaml: coins.ethereumx: unknown key; expected one of ${COIN_NAMES.join(", ")}`,
    ]);
  });

  it("for a coin is reported together with the file's other problems", () => {
    expect(problemsWith({ "coins.ethereumx": { replicas: "two" }, "platform.traefik.replicas": "three" })).toEqual([
      'config/prod.yaml: platform.traefik.replicas: expected an integer between 1 and 50, got "three"',
      `config/prod.yaml: coins.ethereumx: unknown key; expected one of ${COIN_NAMES.join(", ")}`,
    ]);
  });

  it("is rejected in a policy waiver, listing the waiver's keys", () => {
    expect(problemsWith({ "policy.waivers": [{ check: "B3", resource: "*/x.*", reason: "a long enough reason text", until: "2026" }] })).toEqual([
      "config/prod.yaml: policy.waivers[0].until: unknown key; expected one of check, resource, reason",
    ]);
  });

  it("is rejected in a fixed set of map keys (EKS add-ons)", () => {
    expect(problemsWith({ "cluster.addonVersions.metrics-server": "v1" })).toEqual([
      "config/prod.yaml: cluster.addonVersions.metrics-server: unknown key; expected one of vpc-cni, coredns, kube-proxy, eks-pod-identity-agent, aws-ebs-csi-driver, snapshot-controller",
    ]);
  });
});

describe("several problems in one file", () => {
  const changes = {
    "cluster.nodeGroups[0].desiredSize": "three",
    "aws.region": "Ohio",
    "platform.traefik.serviceType": "ClusterIP",
    "platform.typo": true,
  };

  it("are all reported, one line each", () => {
    const problems = problemsWith(changes);
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("cluster.nodeGroups[0].desiredSize:"),
        expect.stringContaining("aws.region:"),
        expect.stringContaining("platform.traefik.serviceType:"),
        expect.stringContaining("platform.typo: unknown key"),
      ]),
    );
  });

  it("make one error whose message counts them and lists every line", () => {
    const input = shippedInput("prod");
    for (const [keyPath, value] of Object.entries(changes)) setAt(input, keyPath, value);
    let message = "";
    try {
      parseEnvironment("config/prod.yaml", stringify(input), COIN_NAMES);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")[0]).toBe("Invalid configuration (4 problems):");
    expect(message.split("\n")).toHaveLength(5);
  });
});

describe("problems in several files", () => {
  it("are reported together, each line naming its own file", () => {
    const dir = mkdtempSync(join(tmpdir(), "config-"));
    const bad = (name: string, change: Record<string, unknown>): void => {
      const input = shippedInput(name);
      for (const [keyPath, value] of Object.entries(change)) setAt(input, keyPath, value);
      writeFileSync(join(dir, `${name}.yaml`), stringify(input));
    };
    bad("dev", { "cluster.vpc.cidr": "nope" });
    bad("prod", { "aws.accountId": "1" });
    const shown = (name: string): string => relative(process.cwd(), join(dir, `${name}.yaml`));
    expect(() => loadEnvironments({ coins: COIN_NAMES, dir })).toThrow(ConfigError);
    try {
      loadEnvironments({ coins: COIN_NAMES, dir });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        `${shown("dev")}: cluster.vpc.cidr: expected an IPv4 CIDR block with no host bits set, such as 10.0.0.0/16, got "nope"`,
        `${shown("prod")}: aws.accountId: expected a 12-digit AWS account id in quotes, such as "123456789012", got "1"`,
      ]);
    }
  });
});

describe("YAML syntax", () => {
  it("refuses a duplicate key, naming it and its line", () => {
    const text = 'name: dev\nbackend: {type: local}\nname: dev\n';
    expect(() => parseEnvironment("config/dev.yaml", text, COIN_NAMES)).toThrow(
      "config/dev.yaml: name: expected each key once per mapping, got a duplicate at line 3, column 1",
    );
  });

  it("refuses a duplicate key in a nested mapping", () => {
    const input = stringify(shippedInput("dev")).replace(/^( +)natGateways: single\n/m, "$1natGateways: single\n$1natGateways: perAz\n");
    expect(() => parseEnvironment("config/dev.yaml", input, COIN_NAMES)).toThrow(/config\/dev\.yaml: natGateways: expected each key once per mapping, got a duplicate at line \d+/);
  });

  it("reports a syntax error with its line and column", () => {
    expect(() => parseEnvironment("config/dev.yaml", "name: dev\nplatform: [\n", COIN_NAMES)).toThrow(/^Invalid configuration[^]*config\/dev\.yaml: line \d+, column \d+: /);
  });

  it("refuses a file that is not a mapping", () => {
    expect(() => parseEnvironment("config/dev.yaml", "- dev\n", COIN_NAMES)).toThrow('config/dev.yaml: (top level): expected an object, got ["dev"]');
  });
});

describe("the environment name", () => {
  it("must equal the file name", () => {
    expect(problemsWith({ name: "production" })).toEqual(['config/prod.yaml: name: expected "prod" (the file name), got "production"']);
  });

  it("must be a short DNS label", () => {
    expect(problemsWith({ name: "Prod" })).toEqual([
      'config/prod.yaml: name: expected a lowercase RFC 1123 label (a-z, 0-9, "-", at most 12 characters), got "Prod"',
    ]);
  });
});

describe(`${ENVIRONMENTS_VARIABLE}`, () => {
  const saved = process.env[ENVIRONMENTS_VARIABLE];
  afterEach(() => {
    if (saved === undefined) delete process.env[ENVIRONMENTS_VARIABLE];
    else process.env[ENVIRONMENTS_VARIABLE] = saved;
  });

  it("is unset by default, so every shipped environment loads", () => {
    delete process.env[ENVIRONMENTS_VARIABLE];
    expect(loadEnvironments({ coins: COIN_NAMES }).map((e) => e.name)).toEqual(["dev", "local", "prod"]);
  });

  it("limits the environments to those it names", () => {
    process.env[ENVIRONMENTS_VARIABLE] = "prod, local";
    expect(loadEnvironments({ coins: COIN_NAMES }).map((e) => e.name)).toEqual(["prod", "local"]);
  });

  it("loads an environment named twice only once", () => {
    process.env[ENVIRONMENTS_VARIABLE] = "local,dev,local";
    expect(loadEnvironments({ coins: COIN_NAMES }).map((e) => e.name)).toEqual(["local", "dev"]);
  });

  it("refuses an environment that has no config file, listing those that do", () => {
    process.env[ENVIRONMENTS_VARIABLE] = "dev,staging";
    expect(() => loadEnvironments({ coins: COIN_NAMES })).toThrow(`${ENVIRONMENTS_VARIABLE}: unknown environment "staging"; expected some of dev, local, prod`);
  });

  it("loads only the named files, so a broken file elsewhere does not block them", () => {
    const dir = mkdtempSync(join(tmpdir(), "config-"));
    writeFileSync(join(dir, "dev.yaml"), stringify(shippedInput("dev")));
    writeFileSync(join(dir, "broken.yaml"), "name: broken\n");
    expect(loadEnvironments({ coins: COIN_NAMES, dir, only: ["dev"] }).map((e) => e.name)).toEqual(["dev"]);
    expect(() => loadEnvironments({ coins: COIN_NAMES, dir, only: [] })).not.toThrow();
    expect(() => loadEnvironments({ coins: COIN_NAMES, dir })).toThrow(ConfigError);
  });
});

describe("the shipped environments", () => {
  it("are dev, local and prod", () => {
    expect(listEnvironments(CONFIG_DIR)).toEqual(["dev", "local", "prod"]);
  });

  it("all load without a problem", () => {
    const names = listEnvironments(CONFIG_DIR);
    expect(loadEnvironments({ coins: COIN_NAMES, dir: CONFIG_DIR, only: names }).map((e) => e.name)).toEqual(names);
  });
});
