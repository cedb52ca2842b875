/**
 * Build points 2 and 9: all environments synthesize together into one
 * cdktf.out, and the manifest records cluster → platform → every coin stack,
 * so `cdktf deploy 'dev-*'` applies them in that order.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { buildApp } from "../../lib/app";
import { ENVIRONMENTS_VARIABLE, loadEnvironments } from "../../lib/config/load";
import { stacksOf } from "../helpers/synth";
import { COIN_NAMES } from "../../coinstacks/names";

interface Manifest {
  stacks: Record<string, { dependencies: string[]; workingDirectory: string; synthesizedStackPath: string }>;
}

const environments = loadEnvironments({ coins: COIN_NAMES, only: ["dev", "local", "prod"] });
const outdir = Testing.app().outdir;
const app = buildApp({ outdir, environments });
app.synth();
const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as Manifest;
const dependenciesOf = (id: string): string[] => [...manifest.stacks[id]!.dependencies].sort();
const coinStacks = (env: string): string[] =>
  Object.entries(environments.find((e) => e.name === env)!.coins)
    .filter(([, settings]) => settings?.enabled)
    .map(([coin]) => `${env}-${coin}`);

/** Stacks matching a `cdktf deploy` glob, in an order that respects the manifest dependencies. */
function deployOrder(pattern: string): string[] {
  const regex = new RegExp(`^${pattern.replace(/\*/g, ".*")}$`);
  const selected = Object.keys(manifest.stacks).filter((id) => regex.test(id)).sort();
  const order: string[] = [];
  const visit = (id: string, trail: string[] = []): void => {
    if (order.includes(id) || !selected.includes(id)) return;
    if (trail.includes(id)) throw new Error(`dependency cycle: ${[...trail, id].join(" -> ")}`);
    for (const dependency of manifest.stacks[id]!.dependencies) visit(dependency, [...trail, id]);
    order.push(id);
  };
  selected.forEach((id) => visit(id));
  return order;
}

describe("synthesizing every environment together", () => {
  it("writes the stacks the issue lists into one cdktf.out", () => {
    expect(Object.keys(manifest.stacks)).toEqual(
      expect.arrayContaining(["dev-bootstrap", "dev-cluster", "dev-platform", "prod-cluster", "prod-platform", "local-platform"]),
    );
  });

  it("writes exactly bootstrap, cluster, platform and coin stacks per environment", () => {
    const expected = [
      "dev-bootstrap",
      "dev-cluster",
      "dev-platform",
      ...coinStacks("dev"),
      "local-platform",
      ...coinStacks("local"),
      "prod-bootstrap",
      "prod-cluster",
      "prod-platform",
      ...coinStacks("prod"),
    ].sort();
    expect(Object.keys(manifest.stacks).sort()).toEqual(expected);
  });

  it("gives every stack its own working directory under stacks/", () => {
    for (const [id, entry] of Object.entries(manifest.stacks)) expect(entry.workingDirectory).toBe(`stacks/${id}`);
  });
});

describe("stack dependencies in manifest.json", () => {
  it("make each platform stack depend on its environment's cluster stack", () => {
    expect(dependenciesOf("dev-platform")).toEqual(["dev-cluster"]);
    expect(dependenciesOf("prod-platform")).toEqual(["prod-cluster"]);
  });

  it("make every coin stack depend on its environment's platform stack", () => {
    for (const env of ["dev", "prod", "local"]) {
      const coins = coinStacks(env);
      expect(coins.length).toBeGreaterThan(0);
      for (const coin of coins) expect(dependenciesOf(coin)).toContain(`${env}-platform`);
    }
  });

  it("give the cluster and bootstrap stacks nothing to wait for", () => {
    for (const id of ["dev-cluster", "prod-cluster", "dev-bootstrap", "prod-bootstrap", "local-platform"]) expect(dependenciesOf(id)).toEqual([]);
  });

  it("never cross environments", () => {
    for (const [id, entry] of Object.entries(manifest.stacks)) {
      const env = id.split("-")[0];
      for (const dependency of entry.dependencies) expect(dependency.split("-")[0]).toBe(env);
    }
  });

  it("order `cdktf deploy 'dev-*'` as cluster, then platform, then the coins", () => {
    const order = deployOrder("dev-*").filter((id) => id !== "dev-bootstrap");
    expect(order.slice(0, 2)).toEqual(["dev-cluster", "dev-platform"]);
    expect(order.slice(2).sort()).toEqual(coinStacks("dev").sort());
  });

  it("order `cdktf deploy 'local-*'` as platform, then the coins", () => {
    expect(deployOrder("local-*")).toEqual(["local-platform", ...coinStacks("local")]);
  });

  it("match the in-memory stack dependencies", () => {
    for (const stack of stacksOf(app)) {
      expect(stack.dependencies.map((s) => s.node.id).sort()).toEqual(dependenciesOf(stack.node.id));
    }
  });
});

describe(`${ENVIRONMENTS_VARIABLE} when synthesizing`, () => {
  const saved = process.env[ENVIRONMENTS_VARIABLE];
  afterEach(() => {
    if (saved === undefined) delete process.env[ENVIRONMENTS_VARIABLE];
    else process.env[ENVIRONMENTS_VARIABLE] = saved;
  });

  it("limits the app to the environments it names", () => {
    process.env[ENVIRONMENTS_VARIABLE] = "local";
    const limited = buildApp({ outdir: Testing.app().outdir });
    expect(stacksOf(limited).map((s) => s.node.id)).toEqual(["local-platform", ...coinStacks("local")]);
  });
});
