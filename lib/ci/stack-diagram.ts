/**
 * The picture of what gets built: one environment's stacks and the dependencies cdktf records
 * between them (`manifest.json`), as a Mermaid flowchart GitHub renders in the README. Generated
 * from a synth, so it cannot drift from what deploys.
 */
import { dependencyOrder, type Manifest } from "./synth";

export function stackDiagram(manifest: Manifest, environment: string): string {
  const stacks = dependencyOrder(manifest).filter((stack) => stack.startsWith(`${environment}-`));
  const node = (stack: string): string => stack.replace(/[^A-Za-z0-9]/g, "_");
  const lines = ["flowchart TD", ...stacks.map((stack) => `  ${node(stack)}["${stack}"]`)];
  for (const stack of stacks) {
    for (const dependency of [...manifest.stacks[stack]!.dependencies].sort()) lines.push(`  ${node(dependency)} --> ${node(stack)}`);
  }
  return lines.join("\n");
}
