/**
 * The parts of `npm run bench` that decide what is measured (timing itself is
 * never tested): the scaled configurations, the template-style program's
 * classes and the check that it emits what the project emits.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median } from "../../lib/bench/measure";
import { scaledEnvironments } from "../../lib/bench/scale";
import { BarrelIndex, compareSynths } from "../../lib/bench/template";

const ROOT = join(__dirname, "..", "..");

const enabledCoins = (environments: ReturnType<typeof scaledEnvironments>): number =>
  environments.reduce((n, env) => n + Object.values(env.coins).filter((coin) => coin?.enabled).length, 0);

describe("scaled configurations", () => {
  it.each([10, 50, 200])("have exactly %i coin stacks", (coinStacks) => {
    expect(enabledCoins(scaledEnvironments(coinStacks, 200))).toBe(coinStacks);
  });

  it("keep the same environments for every size, so only coin stacks change", () => {
    const names = (n: number): string[] => scaledEnvironments(n, 200).map((env) => env.name);
    expect(names(10)).toEqual(names(200));
  });

  it("drop the workload waivers only from copies without coins, which have no workload to waive", () => {
    const workloadWaivers = (env: ReturnType<typeof scaledEnvironments>[number]): number =>
      env.policy.waivers.filter((w) => w.resource.includes("/kubernetes_stateful_set_v1.")).length;
    const environments = scaledEnvironments(10, 200);
    const withCoins = environments.filter((env) => Object.values(env.coins).some((coin) => coin?.enabled));
    const without = environments.filter((env) => !withCoins.includes(env));
    expect(withCoins.map(workloadWaivers).every((n) => n > 0)).toBe(true);
    expect(without.map(workloadWaivers)).toEqual(without.map(() => 0));
  });
});

describe("the template-style program", () => {
  const barrels = new BarrelIndex(ROOT);

  it.each([
    ["resource", "aws_eks_cluster", "aws.eksCluster.EksCluster"],
    ["resource", "kubernetes_stateful_set_v1", "kubernetes.statefulSetV1.StatefulSetV1"],
    ["resource", "helm_release", "helm.release.Release"],
    ["data", "aws_availability_zones", "aws.dataAwsAvailabilityZones.DataAwsAvailabilityZones"],
    ["provider", "random", "random.provider.RandomProvider"],
  ] as const)("creates a %s %s through the barrel as %s", (kind, type, expression) => {
    expect(barrels.expression(kind, type)).toBe(expression);
  });
});

describe("comparing two synths", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bench-compare-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeSynth(name: string, stack: object): string {
    const out = join(dir, name);
    mkdirSync(join(out, "stacks", "dev-x"), { recursive: true });
    const entry = { name: "dev-x", workingDirectory: "stacks/dev-x", synthesizedStackPath: "stacks/dev-x/cdk.tf.json", dependencies: [] };
    writeFileSync(join(out, "manifest.json"), JSON.stringify({ stacks: { "dev-x": entry } }));
    writeFileSync(join(out, "stacks", "dev-x", "cdk.tf.json"), JSON.stringify(stack));
    return out;
  }

  const stack = (size: string, path: string): object => ({
    "//": { metadata: { path } },
    resource: { kubernetes_persistent_volume_claim_v1: { data: { "//": { metadata: { path } }, spec: [{ size }] } } },
  });

  it("finds none when only cdktf's metadata (construct paths) differs", () => {
    const comparison = compareSynths(writeSynth("a", stack("10Gi", "dev-x/a")), writeSynth("b", stack("10Gi", "template/b")));
    expect(comparison).toEqual({ stacks: 1, resources: 1, differences: [] });
  });

  it("names the stack and block whose attributes differ", () => {
    const comparison = compareSynths(writeSynth("a", stack("10Gi", "p")), writeSynth("b", stack("20Gi", "p")));
    expect(comparison.differences).toEqual(["dev-x: resource differs"]);
  });
});

describe("median", () => {
  it("is the middle value, or the mean of the two middle values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
