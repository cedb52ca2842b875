/**
 * Issue 13, "Bad input": refused means nothing written, and every problem of every phase
 * (environment files, coin resolution, volume floors, policy, waivers) in one run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { stringify } from "yaml";
import { synthesize, SynthError } from "../../lib/app";
import { ConfigError } from "../../lib/config/messages";
import { PolicyError } from "../../lib/policy/synthesized-policy";
import { setAt } from "../helpers/bad-input";
import { shippedInput } from "../helpers/config";

const ROOT = join(__dirname, "..", "..");

/** A config directory holding shipped environments with some keys changed. */
function configDir(changes: Record<string, Record<string, unknown>>): string {
  const dir = mkdtempSync(join(tmpdir(), "synth-config-"));
  for (const [name, change] of Object.entries(changes)) {
    const input = shippedInput(name);
    for (const [keyPath, value] of Object.entries(change)) setAt(input, keyPath, value);
    writeFileSync(join(dir, `${name}.yaml`), stringify(input));
  }
  return dir;
}

/** An output directory from an earlier synth: a marker file and a stack directory Terraform has initialized. */
function previousOutput(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "synth-out-")), "cdktf.out");
  mkdirSync(join(outdir, "stacks", "local-bitcoin", ".terraform"), { recursive: true });
  writeFileSync(join(outdir, "stacks", "local-bitcoin", ".terraform.lock.hcl"), "# providers\n");
  writeFileSync(join(outdir, "marker"), "previous synth\n");
  return outdir;
}

function synthError(configDirectory: string, outdir: string): SynthError {
  try {
    synthesize({ outdir, configDir: configDirectory });
  } catch (error) {
    if (error instanceof SynthError) return error;
    throw error;
  }
  throw new Error("synth succeeded");
}

/** Every line of every part of the error, with the temporary config directory shown as config/. */
function lines(error: SynthError, dir: string): string[] {
  return error.errors.flatMap((part) => part.problems.map((line) => line.replaceAll(`${relative(process.cwd(), dir)}/`, "config/")));
}

const listing = (dir: string): string[] => readdirSync(dir, { recursive: true }).map(String).sort();

describe("a synth that finds a problem", () => {
  const cases: [string, Record<string, Record<string, unknown>>][] = [
    ["a config problem found while resolving a coin", { local: { "coins.bitcoin.network": "signet" } }],
    ["a volume below its recorded floor", { local: { "coins.bitcoin.services.daemon.storage.size": "1Gi" } }],
    ["a policy violation", { prod: { "cluster.logRetentionDays": 30 } }],
    ["a waiver that matches nothing", { local: { "policy.waivers[1]": { check: "A7", resource: "*/kubernetes_pod_v1.*", reason: "a waiver that excuses nothing at all" } } }],
  ];

  it.each(cases)("leaves the output directory exactly as it was: %s", (_, changes) => {
    const outdir = previousOutput();
    const before = listing(outdir);
    synthError(configDir(changes), outdir);
    expect(listing(outdir)).toEqual(before);
    expect(readFileSync(join(outdir, "marker"), "utf8")).toBe("previous synth\n");
  });

  it.each(cases)("leaves no staging directory behind: %s", (_, changes) => {
    const outdir = previousOutput();
    synthError(configDir(changes), outdir);
    expect(readdirSync(join(outdir, ".."))).toEqual(["cdktf.out"]);
  });

  it("creates no output directory where there was none", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "synth-out-")), "cdktf.out");
    synthError(configDir({ prod: { "cluster.logRetentionDays": 30 } }), outdir);
    expect(existsSync(outdir)).toBe(false);
  });
});

describe("a synth that finds nothing wrong", () => {
  const outdir = previousOutput();
  synthesize({ outdir, configDir: configDir({ local: {} }) });

  it("replaces the output directory with the new stacks", () => {
    expect(existsSync(join(outdir, "marker"))).toBe(false);
    expect(Object.keys(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks).sort()).toEqual(["local-bitcoin", "local-platform"]);
  });

  it("keeps what Terraform left in a stack directory that still exists", () => {
    expect(readFileSync(join(outdir, "stacks", "local-bitcoin", ".terraform.lock.hcl"), "utf8")).toBe("# providers\n");
    expect(existsSync(join(outdir, "stacks", "local-bitcoin", ".terraform"))).toBe(true);
  });

  it("leaves no staging directory behind", () => {
    expect(readdirSync(join(outdir, ".."))).toEqual(["cdktf.out"]);
  });
});

describe("the cdktf CLI's path (main.ts with CDKTF_OUTDIR)", () => {
  const run = (outdir: string, environments: string) =>
    spawnSync(process.execPath, ["--require", "./scripts/ts-hook.cjs", "main.ts"], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, COINSTACKS_ENVIRONMENTS: environments },
      encoding: "utf8",
      timeout: 60_000,
    });

  it("publishes a complete synth into CDKTF_OUTDIR", () => {
    const outdir = previousOutput();
    expect(run(outdir, "local").status).toBe(0);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(true);
    expect(existsSync(join(outdir, "marker"))).toBe(false);
  });

  it("prints the problem and leaves CDKTF_OUTDIR as it was when synth fails", () => {
    const outdir = previousOutput();
    const before = listing(outdir);
    const result = run(outdir, "staging");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('COINSTACKS_ENVIRONMENTS: unknown environment "staging"');
    expect(listing(outdir)).toEqual(before);
  });
});

describe("every problem at once", () => {
  it("reports the problems of a second coin, not only the first", () => {
    const dir = configDir({ prod: { "coins.bitcoin.network": "signet", "coins.litecoin.services.daemon.storage.size": "100Gi" } });
    expect(lines(synthError(dir, join(mkdtempSync(join(tmpdir(), "synth-out-")), "out")), dir)).toEqual([
      'config/prod.yaml: coins.bitcoin.network: expected one of "mainnet", "testnet", "regtest", got "signet"',
      'config/prod.yaml: coins.litecoin.services.daemon.storage.size: expected at least 250Gi: volumes only grow (current size recorded in config/volume-floors.json; 250Gi of chain data would not fit), got "100Gi"',
    ]);
  });

  it("reports a broken file together with the resolution problems of another file", () => {
    const dir = configDir({ dev: { "cluster.vpc.cidr": "nope" }, prod: { "coins.bitcoin.services.daemon.env": { DATA_DIR: "/tmp" } } });
    const found = lines(synthError(dir, join(mkdtempSync(join(tmpdir(), "synth-out-")), "out")), dir);
    expect(found.map((line) => line.slice(0, line.indexOf(": expected")))).toEqual(["config/dev.yaml: cluster.vpc.cidr", "config/prod.yaml: coins.bitcoin.services.daemon.env.DATA_DIR"]);
  });

  it("reports config problems and the policy violations of the stacks that could be built, in one error", () => {
    const dir = configDir({ prod: { "coins.bitcoin.network": "signet", "cluster.logRetentionDays": 30 } });
    const error = synthError(dir, join(mkdtempSync(join(tmpdir(), "synth-out-")), "out"));
    expect(error.errors.map((part) => part.constructor)).toEqual([ConfigError, PolicyError]);
    expect(error.message).toMatch(/^Invalid configuration \(1 problem\):\n {2}config\/.*coins\.bitcoin\.network: .*\nPolicy violations \(1\):\n {2}prod-cluster\/aws_cloudwatch_log_group\./);
  });

  it("does not call a waiver unused when the coin it excuses could not be built", () => {
    const dir = configDir({ local: { "coins.bitcoin.network": "signet" } });
    const error = synthError(dir, join(mkdtempSync(join(tmpdir(), "synth-out-")), "out"));
    expect(error.errors.map((part) => part.constructor)).toEqual([ConfigError]);
  });
});

describe("a policy violation", () => {
  it("names the environment file and the waiver key that would accept it, next to the fix", () => {
    const dir = configDir({ prod: { "cluster.logRetentionDays": 30 } });
    expect(lines(synthError(dir, join(mkdtempSync(join(tmpdir(), "synth-out-")), "out")), dir)).toEqual([
      'prod-cluster/aws_cloudwatch_log_group.eks_control-plane-logs_DDCE5D68: H3 [CKV_AWS_338, CKV_AWS_158, AVD-AWS-0017, CKV_AWS_66]: retention_in_days 30; fix: keep control-plane logs at least 365 days (cluster.logRetentionDays); or accept it with a waiver in config/prod.yaml: policy.waivers (check: H3, resource: "prod-cluster/aws_cloudwatch_log_group.eks_control-plane-logs_DDCE5D68", reason: why it cannot pass)',
    ]);
  });
});
