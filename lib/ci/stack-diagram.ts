/**
 * The picture of what gets built: one environment's stacks and the dependencies cdktf records
 * between them (`manifest.json`), as a Mermaid flowchart GitHub renders in the README. Generated
 * from a synth, so it cannot drift from what deploys. The coin stacks, one per enabled coin and all
 * depending alike, are drawn as one node, so the picture stays the same when a coin is added.
 */
import { stackIds } from "../config/environment-names";
import { dependencyOrder, type Manifest } from "./synth";

export function stackDiagram(manifest: Manifest, environment: string): string {
  const stacks = dependencyOrder(manifest).filter((stack) => stack.startsWith(`${environment}-`));
  const layers = [stackIds.bootstrap(environment), stackIds.cluster(environment), stackIds.platform(environment)];
  const coins = stacks.filter((stack) => !layers.includes(stack));
  const dependenciesOf = (stack: string): string[] => [...manifest.stacks[stack]!.dependencies].sort();
  const grouped = coins.length > 1 && coins.every((coin) => dependenciesOf(coin).join() === dependenciesOf(coins[0]!).join());
  const drawn = grouped ? [...stacks.filter((stack) => !coins.includes(stack)), coins[0]!] : stacks;
  const node = (stack: string): string => (grouped && coins.includes(stack) ? `${environment}_coins` : stack.replace(/[^A-Za-z0-9]/g, "_"));
  const label = (stack: string): string => (grouped && coins.includes(stack) ? `${environment}-&lt;coin&gt;, one per enabled coin` : stack);
  const lines = ["flowchart TD", ...drawn.map((stack) => `  ${node(stack)}["${label(stack)}"]`)];
  for (const stack of drawn) for (const dependency of dependenciesOf(stack)) lines.push(`  ${node(dependency)} --> ${node(stack)}`);
  return lines.join("\n");
}
