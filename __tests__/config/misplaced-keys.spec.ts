/**
 * Issue 13, "Bad input", messages: a key at the wrong level says where it belongs (never "expected
 * record" or "got nothing"), and a number YAML made out of a version says to quote it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_DIR, parseEnvironment } from "../../lib/config/load";
import { ConfigError } from "../../lib/config/messages";
import { buildError, DELETE } from "../helpers/bad-input";
import { COIN_NAMES } from "../../coinstacks/names";

function problemsWith(changes: Record<string, unknown>, base = "prod"): string[] {
  return [...(buildError(changes, base)?.problems ?? [])];
}

/** The problems of `config/<base>.yaml` with one line of its text replaced (YAML as an operator writes it). */
function problemsOfText(base: string, from: string, to: string): string[] {
  const text = readFileSync(join(CONFIG_DIR, `${base}.yaml`), "utf8");
  expect(text).toContain(from);
  try {
    parseEnvironment(`config/${base}.yaml`, text.replace(from, to), COIN_NAMES);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("a required key written at the wrong level", () => {
  // [changes, the one line reported]
  const cases: [Record<string, unknown>, string][] = [
    [{ "cluster.vpc": DELETE, vpc: { cidr: "10.10.0.0/16" } }, "config/prod.yaml: vpc: expected at cluster.vpc (a misplaced key: move it there), got it at the top level"],
    [
      { "platform.certManager": DELETE, certManager: { issuer: "self-signed" } },
      "config/prod.yaml: certManager: expected at platform.certManager (a misplaced key: move it there), got it at the top level",
    ],
    [
      { "cluster.nodeGroups[0].desiredSize": DELETE, "cluster.nodeGroups[0].labels.desiredSize": 6 },
      "config/prod.yaml: cluster.nodeGroups[0].labels.desiredSize: expected at cluster.nodeGroups[0].desiredSize (a misplaced key: move it there), got it at cluster.nodeGroups[0].labels",
    ],
    [
      { "cluster.kubernetesVersion": DELETE, "cluster.vpc.kubernetesVersion": "1.33" },
      "config/prod.yaml: cluster.vpc.kubernetesVersion: expected at cluster.kubernetesVersion (a misplaced key: move it there), got it at cluster.vpc",
    ],
  ];

  it.each(cases)("%j is one line at the misplaced key saying where it goes", (changes, line) => {
    expect(problemsWith(changes)).toEqual([line]);
  });

  it.each(cases)("%j never says got nothing", (changes) => {
    expect(problemsWith(changes).join("\n")).not.toMatch(/got nothing/);
  });
});

describe("an optional key written at the wrong level", () => {
  const cases: [Record<string, unknown>, string][] = [
    [
      { "coins.bitcoin.image": "bitcoin/bitcoin:28.1" },
      "config/prod.yaml: coins.bitcoin.image: unknown key; expected one of enabled, network, replicas, podManagementPolicy, updatePartition, terminationGracePeriodSeconds, probes, maintenance, volumeOperations, p2p, ingress, existingSecret, credentials, clientNamespaces, scheduling, services, workloads, dependencies; image belongs at coins.bitcoin.services.<name>.image or coins.bitcoin.workloads.<name>.services.<name>.image",
    ],
    [
      { "coins.bitcoin.services.daemon.size": "800Gi" },
      "config/prod.yaml: coins.bitcoin.services.daemon.size: unknown key; expected one of image, resources, storage, probes, env, backup; size belongs at coins.bitcoin.services.daemon.storage.size",
    ],
    [
      { "coins.bitcoin.services.image": "bitcoin/bitcoin:28.1" },
      'config/prod.yaml: coins.bitcoin.services.image: expected an object (one entry\'s settings); image belongs at coins.bitcoin.services.<name>.image, got "bitcoin/bitcoin:28.1"',
    ],
    [
      { "cluster.nodeGroups[1].labels": DELETE, "cluster.labels": { pool: "system" } },
      "config/prod.yaml: cluster.labels: unknown key; expected one of name, kubernetesVersion, vpc, endpoint, authenticationMode, adminRoleArns, logRetentionDays, nodeGroups, addonVersions; labels belongs at cluster.nodeGroups[<n>].labels",
    ],
  ];

  it.each(cases)("%j says where the key belongs", (changes, line) => {
    expect(problemsWith(changes)).toEqual([line]);
  });
});

describe("a list or a value where a mapping is expected", () => {
  it.each([
    ["coins.bitcoin.services.daemon.env", ["MIN_PEERS=2"]],
    ["coins", ["bitcoin", "litecoin"]],
    ["cluster.nodeGroups[0].labels", "pool=chain"],
  ])("%s = %j says a mapping of names to values, never record", (keyPath, value) => {
    const [line, ...more] = problemsWith({ [keyPath]: value });
    expect(more).toEqual([]);
    expect(line).toBe(`config/prod.yaml: ${keyPath}: expected a mapping of names to values, got ${JSON.stringify(value)}`);
  });
});

describe("a number YAML read where a string was meant", () => {
  it("kubernetesVersion: 1.30 says YAML read 1.3 and to quote it", () => {
    expect(problemsOfText("prod", 'kubernetesVersion: "1.33"', "kubernetesVersion: 1.30")).toEqual([
      'config/prod.yaml: cluster.kubernetesVersion: expected one of "1.31", "1.32", "1.33", "1.34", got 1.3 (YAML read 1.30 as the number 1.3; quote it: "1.30")',
    ]);
  });

  it("kubernetesVersion: 1.33 says to quote it", () => {
    expect(problemsOfText("prod", 'kubernetesVersion: "1.33"', "kubernetesVersion: 1.33")).toEqual([
      'config/prod.yaml: cluster.kubernetesVersion: expected one of "1.31", "1.32", "1.33", "1.34", got 1.33 (YAML reads 1.33 as a number; quote it: "1.33")',
    ]);
  });

  it("an account id with a leading zero says what YAML made of it", () => {
    expect(problemsOfText("prod", 'accountId: "222222222222"', "accountId: 022222222222")).toEqual([
      'config/prod.yaml: aws.accountId: expected a 12-digit AWS account id in quotes, such as "123456789012", got 22222222222 (YAML read 022222222222 as the number 22222222222; quote it: "022222222222")',
    ]);
  });

  it("an image tag written as a number says to quote it", () => {
    expect(problemsOfText("prod", "size: 700Gi, iops: 4000", "size: 700, iops: 4000")).toEqual([
      'config/prod.yaml: coins.bitcoin.services.daemon.storage.size: expected a Kubernetes quantity such as 500m, 2, 8Gi or 1.5Ti, got 700 (YAML reads 700 as a number; quote it: "700")',
    ]);
  });

  it("a number where a number is expected gets no hint", () => {
    expect(problemsWith({ "cluster.logRetentionDays": 0 })).toEqual(["config/prod.yaml: cluster.logRetentionDays: expected an integer between 1 and 3653, got 0"]);
  });
});
