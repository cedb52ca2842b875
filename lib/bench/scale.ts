/**
 * Configurations with a chosen number of coin stacks, for measuring what one
 * more coin stack costs. A fixed set of environments (copies of the shipped
 * environment with the most coins, each under its own name) has its coins
 * enabled one by one, so only the number of coin stacks changes between sizes.
 * Every copy goes through the project's own loader (`parseEnvironment`).
 *
 * Run as a script it synthesizes such a configuration:
 *   node --require ./scripts/ts-hook.cjs lib/bench/scale.ts <coin stacks> <largest size> <outdir>
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { synthesize } from "../app";
import { CONFIG_DIR, listEnvironments, parseEnvironment } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { COIN_NAMES } from "../../coinstacks/names";

interface EnvironmentInput {
  name: string;
  coins?: Record<string, { enabled?: boolean }>;
  policy?: { waivers?: { resource: string }[] };
}

/** The shipped environment file with the most enabled coins (the first by name on a tie). */
export function busiestEnvironment(dir: string = CONFIG_DIR): { name: string; input: EnvironmentInput; coins: string[] } {
  const candidates = listEnvironments(dir).map((name) => {
    const input = parse(readFileSync(join(dir, `${name}.yaml`), "utf8")) as EnvironmentInput;
    const coins = Object.entries(input.coins ?? {})
      .filter(([, settings]) => settings?.enabled !== false)
      .map(([coin]) => coin);
    return { name, input, coins };
  });
  const best = candidates.reduce((a, b) => (b.coins.length > a.coins.length ? b : a));
  if (best.coins.length === 0) throw new Error(`no environment in ${dir} enables a coin`);
  return best;
}

/**
 * Environments with exactly `coinStacks` coin stacks, out of as many copies as
 * `largest` coin stacks need; the same copies for every size up to `largest`.
 */
export function scaledEnvironments(coinStacks: number, largest: number, dir: string = CONFIG_DIR): EnvironmentConfig[] {
  if (coinStacks > largest) throw new Error(`${coinStacks} coin stacks is more than the largest size, ${largest}`);
  const template = busiestEnvironment(dir);
  const copies = Math.ceil(largest / template.coins.length);
  let enabled = 0;
  return Array.from({ length: copies }, (_, i) => {
    const input = structuredClone(template.input);
    input.name = `${template.name}${i + 1}`;
    for (const coin of template.coins) input.coins![coin]!.enabled = enabled++ < coinStacks;
    // A copy without coins has no coin workloads for the template's workload waivers to match, and a
    // waiver that matches nothing fails synth.
    if (!template.coins.some((coin) => input.coins![coin]!.enabled) && input.policy?.waivers) {
      input.policy.waivers = input.policy.waivers.filter((waiver) => !waiver.resource.includes("/kubernetes_stateful_set_v1."));
    }
    return parseEnvironment(`config/${input.name}.yaml`, stringify(input), COIN_NAMES);
  });
}

function main(): void {
  const [coinStacks, largest, outdir] = process.argv.slice(2);
  if (!outdir) throw new Error("usage: scale.ts <coin stacks> <largest> <outdir>");
  synthesize({ environments: scaledEnvironments(Number(coinStacks), Number(largest)), outdir });
}

if (require.main === module) main();
