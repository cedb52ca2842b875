/**
 * The picture of what gets built: one environment's stacks and the dependencies cdktf records
 * between them (`manifest.json`), as a Mermaid flowchart GitHub renders in the README. Generated
 * from a synth, so it cannot drift from what deploys. The coin stacks that depend only on the layers,
 * alike, and that no other coin reads are drawn as one node, so the picture stays the same when such
 * a coin is added; a coin another reads (ethereum for the L2s) and its readers are drawn each.
 */
import { stackIds } from "../config/environment-names";
import { dependencyOrder, type Manifest } from "./synth";

export function stackDiagram(manifest: Manifest, environment: string): string {
  const stacks = dependencyOrder(manifest).filter((stack) => stack.startsWith(`${environment}-`));
  const layers = [stackIds.bootstrap(environment), stackIds.cluster(environment), stackIds.platform(environment)];
  const coins = stacks.filter((stack) => !layers.includes(stack));
  const dependenciesOf = (stack: string): string[] => [...manifest.stacks[stack]!.dependencies].sort();
  const alone = (coin: string): boolean => dependenciesOf(coin).every((d) => layers.includes(d)) && !coins.some((other) => dependenciesOf(other).includes(coin));
  const alike = coins.filter(alone);
  const grouped = alike.length > 1 && alike.every((coin) => dependenciesOf(coin).join() === dependenciesOf(alike[0]!).join());
  const inGroup = (stack: string): boolean => grouped && alike.includes(stack);
  const drawn = grouped ? [...stacks.filter((stack) => !inGroup(stack)), alike[0]!] : stacks;
  const node = (stack: string): string => (inGroup(stack) ? `${environment}_coins` : stack.replace(/[^A-Za-z0-9]/g, "_"));
  const others = coins.length > alike.length ? "other " : "";
  const label = (stack: string): string => (inGroup(stack) ? `${environment}-&lt;coin&gt;, one per ${others}enabled coin` : stack);
  const lines = ["flowchart TD", ...drawn.map((stack) => `  ${node(stack)}["${label(stack)}"]`)];
  for (const stack of drawn) for (const dependency of dependenciesOf(stack)) lines.push(`  ${node(dependency)} --> ${node(stack)}`);
  return lines.join("\n");
}

/** `${type.name…}` references in a resource's body: the resources it reads (and so follows). */
function referencesIn(body: unknown): string[] {
  return [...JSON.stringify(body).matchAll(/\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
}

/** A Kubernetes resource's name as its object has it, or the resource's own name. */
function objectName(type: string, body: any): string {
  const metadata = Array.isArray(body.metadata) ? body.metadata[0] : body.metadata;
  const name = body.manifest?.metadata?.name ?? metadata?.name ?? body.name;
  // kubernetes_persistent_volume_claim_v1 → PersistentVolumeClaim, as the object's kind reads.
  const kind = body.manifest?.kind ?? type.replace(/^kubernetes_/, "").replace(/_v1$/, "").split("_").map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
  return typeof name === "string" && !name.includes("${") ? `${kind} ${name}` : kind;
}

/**
 * One coin stack's resources and what each follows (its references and depends_on), as a Mermaid
 * flowchart: the order Terraform creates them in, namespace first, StatefulSet after its claims.
 */
export function coinstackDiagram(stack: { resource?: Record<string, Record<string, any>> }): string {
  const resources = Object.entries(stack.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([name, body]) => ({ address: `${type}.${name}`, type, body })));
  const id = new Map(resources.map((r, index) => [r.address, `r${index}`]));
  const lines = ["flowchart LR", ...resources.map((r) => `  ${id.get(r.address)}["${objectName(r.type, r.body)}"]`)];
  for (const r of resources) {
    const follows = new Set([...referencesIn({ ...r.body, depends_on: undefined }), ...((r.body.depends_on ?? []) as string[])].filter((address) => id.has(address) && address !== r.address));
    for (const address of [...follows].sort()) lines.push(`  ${id.get(address)} --> ${id.get(r.address)}`);
  }
  return lines.join("\n");
}
