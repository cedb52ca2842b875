/**
 * Issue 13, "Bad input", accepted silently: each class of operator mistake that used to synthesize
 * is refused with one line naming the file, the key path, the value and what is allowed. Every case
 * starts from a shipped environment and breaks it, as `__tests__/config/config-errors.spec.ts` does.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { stringify } from "yaml";
import { readEnvironments } from "../../lib/config/load";
import { AWS_REGIONS } from "../../lib/config/rules";
import { buildError, DELETE, setAt } from "../helpers/bad-input";
import { shippedInput } from "../helpers/config";
import { readersOff } from "../helpers/coinstack";
import { COIN_NAMES } from "../../coinstacks/names";

/** The problems of `base` with the changes applied, parsed and built into stacks. */
function problemsWith(changes: Record<string, unknown>, base = "prod"): string[] {
  return [...(buildError(changes, base)?.problems ?? [])];
}

const ONE_LINE = /^config\/[a-z0-9-]+\.yaml: [^:\n]+: expected [^\n]+, got [^\n]+$/;

/** [environment, changes, the exact line reported] */
type Case = [string, Record<string, unknown>, string];

function refusesEach(cases: Case[]): void {
  it.each(cases)("%s with %j is refused with one exact line", (base, changes, line) => {
    expect(problemsWith(changes, base)).toEqual([line]);
  });
  it.each(cases)("%s with %j reads `file: key.path: expected …, got …`", (base, changes) => {
    const problems = problemsWith(changes, base);
    expect(problems).not.toEqual([]);
    for (const line of problems) expect(line).toMatch(ONE_LINE);
  });
}

describe("an environment variable the stack sets itself", () => {
  // [service, variable, value]
  const cases: [string, string, string][] = [
    ["daemon", "DATA_DIR", "/tmp/chain"],
    ["daemon", "NETWORK", "testnet"],
    ["daemon", "POD_NAME", "bitcoin-sts-0"],
    ["indexer", "SECRETS_DIR", "/tmp"],
    ["daemon", "RPC_PORT", "8000"],
    ["daemon", "P2P_ADVERTISE_HOST_TEMPLATE", "p2p.example.com"],
  ];

  it.each(cases)("%s env %s is refused, naming the key, the value and every variable the stack sets", (service, name, value) => {
    const [line, ...more] = problemsWith({ [`coins.bitcoin.services.${service}.env`]: { [name]: value } });
    expect(more).toEqual([]);
    expect(line).toMatch(ONE_LINE);
    expect(line).toMatch(new RegExp(`^config/prod\\.yaml: coins\\.bitcoin\\.services\\.${service}\\.env\\.${name}: expected a variable the stack does not set itself \\(it sets [A-Z0-9_, ]+; the scripts rely on them\\), got "${value}"$`));
    const listed = /it sets ([A-Z0-9_, ]+);/.exec(line!)![1]!.split(", ");
    expect(listed).toEqual(expect.arrayContaining(["ASSET", "DATA_DIR", "NETWORK", "POD_NAME", "POD_INDEX", "SECRETS_DIR", name]));
  });

  it("is refused in every service and workload, each on its own line", () => {
    const problems = problemsWith(
      {
        "coins.litecoin.services.indexer.env": { SECRETS_DIR: "/tmp" },
        "coins.ethereum.services.daemon-beacon.env": { ASSET: "eth" },
        "coins.polkadot.workloads.validator.services.daemon.env": { DATA_DIR: "/tmp" },
      },
      "dev",
    );
    expect(problems.map((line) => line.slice(0, line.indexOf(": expected")))).toEqual([
      "config/dev.yaml: coins.litecoin.services.indexer.env.SECRETS_DIR",
      "config/dev.yaml: coins.ethereum.services.daemon-beacon.env.ASSET",
      "config/dev.yaml: coins.polkadot.workloads.validator.services.daemon.env.DATA_DIR",
    ]);
  });

  it("still lets config tune the thresholds the definition offers", () => {
    expect(problemsWith({ "coins.bitcoin.services.daemon.env": { MIN_PEERS: "3", DBCACHE_MB: "4000" } })).toEqual([]);
  });
});

describe("a volume size of zero or below", () => {
  const allowed = "expected a volume size above zero such as 500Gi";
  refusesEach([
    ["local", { "coins.bitcoin.services.daemon.storage.size": "0" }, `config/local.yaml: coins.bitcoin.services.daemon.storage.size: ${allowed}, got "0"`],
    ["local", { "coins.bitcoin.services.indexer.storage.size": "0Gi" }, `config/local.yaml: coins.bitcoin.services.indexer.storage.size: ${allowed}, got "0Gi"`],
    ["local", { "coins.bitcoin.services.daemon.storage.size": "-5Gi" }, `config/local.yaml: coins.bitcoin.services.daemon.storage.size: ${allowed}, got "-5Gi"`],
    ["prod", { "coins.polkadot.workloads.validator.services.daemon.storage.size": "0.0Ti" }, `config/prod.yaml: coins.polkadot.workloads.validator.services.daemon.storage.size: ${allowed}, got "0.0Ti"`],
  ]);
});

describe("a region that looks like an AWS region but is none", () => {
  refusesEach([
    ["prod", { "aws.region": "us-east-7" }, 'config/prod.yaml: aws.region: expected an AWS region such as us-east-2, got "us-east-7"'],
    ["prod", { "aws.region": "eu-west-9" }, 'config/prod.yaml: aws.region: expected an AWS region such as us-east-2, got "eu-west-9"'],
    ["prod", { "aws.region": "ap-central-1" }, 'config/prod.yaml: aws.region: expected an AWS region such as us-east-2, got "ap-central-1"'],
    ["prod", { "backend.region": "us-gov-north-1" }, 'config/prod.yaml: backend.region: expected an AWS region such as us-east-2, got "us-gov-north-1"'],
  ]);

  it("accepts every region of the list, GovCloud and China included", () => {
    for (const region of ["us-east-1", "eu-central-2", "ap-southeast-7", "mx-central-1", "us-gov-west-1", "cn-northwest-1"]) {
      expect(AWS_REGIONS).toContain(region);
      expect(problemsWith({ "backend.region": region })).toEqual([]);
    }
  });
});

describe("an S3 bucket name AWS would refuse", () => {
  const line = (name: string, why: string): string => `config/prod.yaml: backend.bucket: expected an S3 bucket name AWS accepts (${why}), got ${JSON.stringify(name)}`;
  refusesEach([
    ["prod", { "backend.bucket": "Coinstacks-State" }, line("Coinstacks-State", "only lowercase letters, digits, dots and hyphens")],
    ["prod", { "backend.bucket": "state..bucket" }, line("state..bucket", "no two adjacent dots")],
    ["prod", { "backend.bucket": "192.168.10.20" }, line("192.168.10.20", "not formatted as an IP address")],
    ["prod", { "backend.bucket": "xn--state" }, line("xn--state", "not starting with the reserved prefix xn--")],
    ["prod", { "backend.bucket": "sthree-state" }, line("sthree-state", "not starting with the reserved prefix sthree-")],
    ["prod", { "backend.bucket": "state-s3alias" }, line("state-s3alias", "not ending with the reserved suffix -s3alias")],
    ["prod", { "backend.bucket": "state--ol-s3" }, line("state--ol-s3", "not ending with the reserved suffix --ol-s3")],
    ["prod", { "backend.bucket": "-state" }, line("-state", "starting and ending with a letter or digit")],
    ["prod", { "backend.bucket": "s".repeat(64) }, line("s".repeat(64), "3 to 63 characters")],
    ["prod", { "backend.bucket": "st" }, line("st", "3 to 63 characters")],
  ]);

  it("accepts a name AWS accepts, dots included", () => {
    expect(problemsWith({ "backend.bucket": "acme.coinstacks-prod-tfstate" })).toEqual([]);
  });
});

describe("NodePorts that collide across the coins of one environment", () => {
  const nodePort = (base: number) => ({ exposure: "NodePort", nodePortBase: base });
  refusesEach([
    [
      "prod",
      { "coins.bitcoin.replicas": 2, "coins.bitcoin.p2p": nodePort(30444), "coins.litecoin.p2p": nodePort(30445) },
      "config/prod.yaml: coins.litecoin.p2p.nodePortBase: expected node ports no other coin uses (bitcoin uses 30444-30445, litecoin would use 30445-30445), got 30445",
    ],
    [
      "prod",
      { "coins.bitcoin.replicas": 1, "coins.bitcoin.p2p": nodePort(30400), "coins.dogecoin.p2p": nodePort(30400) },
      "config/prod.yaml: coins.dogecoin.p2p.nodePortBase: expected node ports no other coin uses (bitcoin uses 30400-30400, dogecoin would use 30400-30400), got 30400",
    ],
    [
      "prod",
      { "coins.litecoin.replicas": 3, "coins.litecoin.p2p": nodePort(30500), "coins.polkadot.replicas": 3, "coins.polkadot.p2p": nodePort(30498) },
      "config/prod.yaml: coins.polkadot.p2p.nodePortBase: expected node ports no other coin uses (litecoin uses 30500-30502, polkadot would use 30498-30500), got 30498",
    ],
  ]);

  it("accepts ranges that only touch", () => {
    expect(problemsWith({ "coins.bitcoin.replicas": 2, "coins.bitcoin.p2p": nodePort(30444), "coins.litecoin.p2p": nodePort(30446) })).toEqual([]);
  });
});

describe("a toleration whose fields contradict its operator", () => {
  refusesEach([
    [
      "prod",
      { "coins.bitcoin.scheduling.tolerations": [{ key: "dedicated", operator: "Exists", value: "chain" }] },
      'config/prod.yaml: coins.bitcoin.scheduling.tolerations[0].value: expected no value with operator "Exists" (it matches every value; use operator "Equal" to match this one), got "chain"',
    ],
    [
      "prod",
      { "coins.bitcoin.scheduling.tolerations": [{ operator: "Equal", value: "chain", effect: "NoSchedule" }] },
      'config/prod.yaml: coins.bitcoin.scheduling.tolerations[0].key: expected a taint key with operator "Equal" (only "Exists" may omit the key, tolerating every taint), got nothing',
    ],
    [
      "prod",
      { "coins.ethereum.scheduling.tolerations": [{ key: "dedicated", operator: "Exists" }, { value: "chain" }] },
      'config/prod.yaml: coins.ethereum.scheduling.tolerations[1].key: expected a taint key with operator "Equal" (only "Exists" may omit the key, tolerating every taint), got nothing',
    ],
  ]);

  it("accepts Exists with a key or with nothing, and Equal with key and value", () => {
    const tolerations = [{ operator: "Exists" }, { key: "dedicated", operator: "Exists", effect: "NoSchedule" }, { key: "dedicated", value: "chain" }];
    expect(problemsWith({ "coins.bitcoin.scheduling.tolerations": tolerations })).toEqual([]);
  });
});

describe("a zone outside the environment's region", () => {
  const allowed = "expected an availability zone of aws.region us-east-2 (us-east-2a, us-east-2b, ...)";
  refusesEach([
    ["prod", { "coins.bitcoin.scheduling.zones": ["us-west-2a"] }, `config/prod.yaml: coins.bitcoin.scheduling.zones[0]: ${allowed}, got "us-west-2a"`],
    ["prod", { "coins.bitcoin.scheduling.zones": ["us-east-2a", "us-east-1b"] }, `config/prod.yaml: coins.bitcoin.scheduling.zones[1]: ${allowed}, got "us-east-1b"`],
    ["prod", { "coins.polkadot.scheduling.zones": ["eu-west-1a"] }, `config/prod.yaml: coins.polkadot.scheduling.zones[0]: ${allowed}, got "eu-west-1a"`],
  ]);

  it("accepts zones of the region", () => {
    expect(problemsWith({ "coins.bitcoin.scheduling.zones": ["us-east-2a", "us-east-2c"] })).toEqual([]);
  });
});

/** The coins that read ethereum mainnet as their L1, off. */
const L1_READERS_OFF = readersOff("ethereum");

describe("a network not meant for the environment's tier", () => {
  const allowed = 'expected "mainnet" in a production environment (tier: production; testnets and private chains need tier: development)';
  refusesEach([
    ["prod", { "coins.bitcoin.network": "regtest" }, `config/prod.yaml: coins.bitcoin.network: ${allowed}, got "regtest"`],
    ["prod", { "coins.litecoin.network": "testnet" }, `config/prod.yaml: coins.litecoin.network: ${allowed}, got "testnet"`],
    // The L2s, which read mainnet from it, off: this is ethereum's own refusal.
    ["prod", { "coins.ethereum.network": "sepolia", ...L1_READERS_OFF }, `config/prod.yaml: coins.ethereum.network: ${allowed}, got "sepolia"`],
    ["prod", { "coins.polkadot.network": "dev" }, `config/prod.yaml: coins.polkadot.network: ${allowed}, got "dev"`],
  ]);

  it("refuses the testnets of an environment file that does not say its tier (production is the default)", () => {
    const problems = problemsWith({ tier: DELETE }, "dev");
    expect(problems).toContain(`config/dev.yaml: coins.polkadot.network: ${allowed}, got "westend"`);
    for (const line of problems) expect(line).toMatch(new RegExp(`^config/dev\\.yaml: coins\\.[a-z0-9-]+\\.network: ${allowed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, got "[a-z0-9-]+"$`));
  });

  it("allows testnets and private chains in a development environment", () => {
    expect(problemsWith({ "coins.bitcoin.network": "testnet", "coins.ethereum.network": "sepolia", ...L1_READERS_OFF }, "dev")).toEqual([]);
    expect(problemsWith({}, "local")).toEqual([]);
  });
});

describe("two environment files naming the same cluster", () => {
  function problemsOf(change: (dev: Record<string, any>, prod: Record<string, any>) => void): string[] {
    const dir = mkdtempSync(join(tmpdir(), "clash-"));
    const dev = shippedInput("dev");
    const prod = shippedInput("prod");
    change(dev, prod);
    writeFileSync(join(dir, "dev.yaml"), stringify(dev));
    writeFileSync(join(dir, "prod.yaml"), stringify(prod));
    return readEnvironments({ coins: COIN_NAMES, dir }).problems.map((line) => line.replaceAll(relative(process.cwd(), dir), "<dir>"));
  }
  /** Moves prod into dev's account, with the roles that must live in it. */
  const sameAccount = (dev: Record<string, any>, prod: Record<string, any>): void => {
    prod.backend.stateReaders = prod.backend.stateReaders.map((arn: string) => arn.replace(prod.aws.accountId, dev.aws.accountId));
    prod.aws.accountId = dev.aws.accountId;
  };

  it("is refused when name, account and region are the same", () => {
    expect(
      problemsOf((dev, prod) => {
        sameAccount(dev, prod);
        setAt(dev, "cluster.name", "shared");
        setAt(prod, "cluster.name", "shared");
      }),
    ).toEqual([
      '<dir>/prod.yaml: cluster.name: expected a cluster name no other environment uses in account 111111111111 and region us-east-2 (<dir>/dev.yaml names the same cluster; set cluster.name or namePrefix), got "shared"',
    ]);
  });

  it("is refused when one's default name (<namePrefix>-<env>) is the other's explicit name", () => {
    expect(
      problemsOf((dev, prod) => {
        sameAccount(dev, prod);
        setAt(prod, "cluster.name", "coinstacks-dev");
      }),
    ).toEqual([
      '<dir>/prod.yaml: cluster.name: expected a cluster name no other environment uses in account 111111111111 and region us-east-2 (<dir>/dev.yaml names the same cluster; set cluster.name or namePrefix), got "coinstacks-dev"',
    ]);
  });

  it("is accepted in another region or another account", () => {
    expect(problemsOf((dev, prod) => (setAt(dev, "cluster.name", "shared"), setAt(prod, "cluster.name", "shared")))).toEqual([]);
    expect(
      problemsOf((dev, prod) => {
        sameAccount(dev, prod);
        prod.aws.region = "eu-west-1";
        setAt(dev, "cluster.name", "shared");
        setAt(prod, "cluster.name", "shared");
      }),
    ).toEqual([]);
  });
});
