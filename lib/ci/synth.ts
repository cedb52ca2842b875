/**
 * Reading what `cdktf synth` wrote: `manifest.json` and each stack's
 * `cdk.tf.json`, plus the dependency order of the stacks.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ManifestStack {
  readonly name: string;
  readonly workingDirectory: string;
  readonly synthesizedStackPath: string;
  readonly dependencies: readonly string[];
}

export interface Manifest {
  readonly stacks: Record<string, ManifestStack>;
}

/** A synthesized stack as Terraform reads it. */
export type StackJson = Record<string, any>;

export function readManifest(outdir: string): Manifest {
  const path = join(outdir, "manifest.json");
  if (!existsSync(path)) throw new Error(`${path} not found: synthesize first (npm run synth)`);
  const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  if (!manifest.stacks || typeof manifest.stacks !== "object") throw new Error(`${path}: no "stacks" object`);
  return manifest;
}

export function readStack(outdir: string, entry: ManifestStack): StackJson {
  return JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8")) as StackJson;
}

/** Every stack of a synth directory, by name. */
export function readSynth(outdir: string): { manifest: Manifest; stacks: Map<string, StackJson> } {
  const manifest = readManifest(outdir);
  const stacks = new Map<string, StackJson>();
  for (const [name, entry] of Object.entries(manifest.stacks)) stacks.set(name, readStack(outdir, entry));
  return { manifest, stacks };
}

/**
 * Stack names with every stack after the stacks it depends on; among stacks
 * whose dependencies are met, alphabetical. Dependencies on stacks missing from
 * the manifest are ignored. Throws on a cycle.
 */
export function dependencyOrder(manifest: Manifest): string[] {
  const names = Object.keys(manifest.stacks).sort();
  const pending = new Map(names.map((name) => [name, new Set(manifest.stacks[name]!.dependencies.filter((d) => d in manifest.stacks))]));
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending.entries()].filter(([, deps]) => deps.size === 0).map(([name]) => name);
    if (ready.length === 0) throw new Error(`stack dependency cycle among ${[...pending.keys()].join(", ")}`);
    const next = ready.sort()[0]!;
    order.push(next);
    pending.delete(next);
    for (const deps of pending.values()) deps.delete(next);
  }
  return order;
}

/** `s3`, `cloud`, `local`, `remote`, … : where the stack keeps its state. */
export function backendType(stack: StackJson): string {
  const terraform = stack.terraform ?? {};
  if (terraform.cloud) return "cloud";
  const backend = terraform.backend;
  if (backend && typeof backend === "object") {
    const [type] = Object.keys(backend);
    if (type) return type;
  }
  // cdktf injects a LocalBackend into stacks without one.
  return "local";
}

/** Number of resource blocks. */
export function resourceCount(stack: StackJson): number {
  return Object.values((stack.resource ?? {}) as Record<string, Record<string, unknown>>).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
