import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildApp } from "../../lib/app";
import { deployPreflight } from "../../lib/ci/deploy-preflight";
import { environmentOf, planMatrix, roleVariable, tokenVariable } from "../../lib/ci/plan-matrix";
import { dependencyOrder, readManifest } from "../../lib/ci/synth";
import { changedStacks, diffSynthDirs } from "../../lib/ci/synth-diff";
import { listEnvironments, loadEnvironments } from "../../lib/config/load";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { shippedSynthesis } from "../helpers/synth";
import { tempDir } from "./fixtures";
import { COIN_NAMES } from "../../coinstacks/names";

const ROOT = join(__dirname, "..", "..");

/** The real app, every shipped environment, synthesized once per suite into a temporary directory. */
const { outdir } = shippedSynthesis();
const manifest = readManifest(outdir);
const stacks = Object.keys(manifest.stacks);
const environments = listEnvironments();

describe("plan matrix on the real synth", () => {
  const matrix = planMatrix(outdir, { environments, outdirPath: "cdktf.out" });

  it("covers every stack exactly once: planned, or skipped with a reason", () => {
    const covered = [...matrix.include.map((t) => t.stack), ...matrix.skipped.map((s) => s.stack)];
    expect([...covered].sort()).toEqual([...stacks].sort());
    expect(new Set(covered).size).toBe(covered.length);
    expect(matrix.unchanged).toEqual([]);
    for (const skip of matrix.skipped) expect(skip.reason).not.toBe("");
  });

  it("skips exactly the stacks whose state is a local file (bootstrap before migration, the local environment)", () => {
    const local = loadEnvironments({ coins: COIN_NAMES }).filter((e) => e.backend.type === "local").map((e) => e.name);
    const unmigrated = loadEnvironments({ coins: COIN_NAMES }).filter((e) => e.backend.type === "s3" && !e.backend.bootstrapStateInBucket).map((e) => `${e.name}-bootstrap`);
    const expected = stacks.filter((s) => local.includes(environmentOf(s, environments)) || unmigrated.includes(s));
    expect(matrix.skipped.map((s) => s.stack).sort()).toEqual(expected.sort());
    expect(matrix.skipped.every((s) => s.reason.startsWith("local backend"))).toBe(true);
  });

  it("lists the stacks in dependency order", () => {
    const position = new Map(matrix.include.map((t, i) => [t.stack, i]));
    for (const target of matrix.include) {
      for (const dependency of manifest.stacks[target.stack]!.dependencies) {
        if (position.has(dependency)) expect(position.get(dependency)!).toBeLessThan(position.get(target.stack)!);
      }
    }
    const orders = matrix.include.map((t) => t.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(dependencyOrder(manifest).indexOf("prod-cluster")).toBeLessThan(dependencyOrder(manifest).indexOf("prod-platform"));
  });

  it("gives each job its working directory, region and the variable naming its environment's plan role", () => {
    const target = matrix.include.find((t) => t.stack === "prod-bitcoin")!;
    expect(target).toEqual(
      expect.objectContaining({
        environment: "prod",
        workingDirectory: "cdktf.out/stacks/prod-bitcoin",
        backend: "s3",
        region: loadEnvironments({ coins: COIN_NAMES, only: ["prod"] })[0]!.aws!.region,
        roleVariable: "AWS_PLAN_ROLE_ARN_PROD",
      }),
    );
  });

  it("plans only the stacks the synth diff reports as changed, in dependency order", () => {
    const only = planMatrix(outdir, { environments, changed: ["prod-bitcoin", "dev-platform", "gone-stack"] });
    expect(only.include.map((t) => t.stack)).toEqual(["dev-platform", "prod-bitcoin"]);
    expect(only.unchanged).toHaveLength(stacks.length - 2);
  });

  it("leaves out environments not in PLAN_ENVIRONMENTS, saying why", () => {
    const prodOnly = planMatrix(outdir, { environments, only: ["prod"] });
    expect(prodOnly.include.every((t) => t.environment === "prod")).toBe(true);
    expect(prodOnly.skipped.find((s) => s.stack === "dev-cluster")!.reason).toContain("PLAN_ENVIRONMENTS");
  });

  it("feeds on the synth diff: one changed stack gives a one-job matrix", () => {
    const head = join(tempDir("plan-matrix-head"), "cdktf.out");
    cpSync(outdir, head, { recursive: true });
    const file = join(head, "stacks", "prod-platform", "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    json.resource.kubernetes_config_map_v1 = { extra: { metadata: { name: "extra" }, data: {} } };
    writeFileSync(file, JSON.stringify(json));
    const changed = changedStacks(diffSynthDirs(outdir, head));
    expect(changed).toEqual(["prod-platform"]);
    expect(planMatrix(head, { environments, changed }).include.map((t) => t.stack)).toEqual(["prod-platform"]);
  });

  it("prints GitHub outputs from the script the workflow runs", () => {
    const result = spawnSync(process.execPath, ["--require", join(ROOT, "scripts", "ts-hook.cjs"), join(ROOT, "scripts", "plan-matrix.ts"), "--outdir", outdir, "--diff", join(outdir, "missing.json")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    const outputs = Object.fromEntries(result.stdout.trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
    expect(Object.keys(outputs)).toEqual(["matrix", "any", "skipped", "unchanged"]);
    expect(JSON.parse(outputs.matrix!)).toHaveLength(matrix.include.length);
    expect(outputs.any).toBe("true");
    expect(result.stderr).toContain("planning every stack");
  });
});

describe("plan matrix details", () => {
  it("tells environments with dashes apart", () => {
    expect(environmentOf("eu-prod-bitcoin", ["eu", "eu-prod"])).toBe("eu-prod");
    expect(environmentOf("eu-bitcoin", ["eu", "eu-prod"])).toBe("eu");
    expect(environmentOf("dev-cluster")).toBe("dev");
    expect(roleVariable("eu-prod")).toBe("AWS_PLAN_ROLE_ARN_EU_PROD");
  });

  it("plans Terraform Cloud stacks with the token variable of their host", () => {
    const [dev] = loadEnvironments({ coins: COIN_NAMES, only: ["dev"] });
    const cloud: EnvironmentConfig = {
      ...dev!,
      name: "tfc",
      backend: { type: "cloud", organization: "acme", hostname: "tfe.example-corp.com", workspacePrefix: "coinstacks-" },
    };
    const dir = join(tempDir("plan-matrix-cloud"), "cdktf.out");
    buildApp({ outdir: dir, environments: [cloud] }).synth();
    const matrix = planMatrix(dir, { environments: ["tfc"] });
    expect(matrix.skipped).toEqual([]);
    expect(matrix.include.map((t) => t.stack)).toContain("tfc-cluster");
    for (const target of matrix.include) {
      expect(target.backend).toBe("cloud");
      expect(target.tokenVariable).toBe("TF_TOKEN_tfe_example__corp_com");
    }
    expect(tokenVariable("app.terraform.io")).toBe("TF_TOKEN_app_terraform_io");
  });
});

describe("deploy preflight", () => {
  /** What the shipped config says each environment's preflight must find. */
  const expectation = (name: string) => {
    const env = loadEnvironments({ coins: COIN_NAMES, only: [name] })[0]!;
    const unmigrated = env.backend.type === "s3" && !env.backend.bootstrapStateInBucket;
    return { env, unmigrated };
  };

  it.each(["dev", "prod"])("checks %s: refused only while its bootstrap state is a local file", (name) => {
    const { env, unmigrated } = expectation(name);
    const result = deployPreflight(outdir, name, environments);
    if (unmigrated) expect(result.problems).toEqual([expect.stringContaining(`${name}-bootstrap: keeps its state in a local file`)]);
    else expect(result.problems).toEqual([]);
    expect(result.region).toBe(env.aws!.region);
    expect(result.stacks.slice(0, 3)).toEqual([`${name}-bootstrap`, `${name}-cluster`, `${name}-platform`]);
    expect(result.stacks.length).toBe(stacks.filter((s) => environmentOf(s, environments) === name).length);
  });

  it("refuses the local environment and unknown ones", () => {
    expect(deployPreflight(outdir, "local", environments).problems.length).toBeGreaterThan(0);
    expect(deployPreflight(outdir, "staging", environments).problems).toEqual([expect.stringContaining('no synthesized stack belongs to environment "staging"')]);
  });
});
