/**
 * The shipped environments synthesized as `npm run synth` writes them, once per
 * suite, for the consumers (Terraform, Helm) to judge.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StackJson } from "../../lib/ci/synth";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { synthesizeAll } from "../../lib/ci/verify";
import { shippedSynthesis } from "../helpers/synth";

/** Scratch space for one test file; Terraform's working directories go here. */
export function scratchDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `coinstacks-${name}-`));
}

/** Terraform verdicts, kept between runs (they depend only on the binary and the exact input). */
export const TERRAFORM_CACHE = join(__dirname, "..", "..", "node_modules", ".cache", "terraform-acceptance");

/** Every stack of the given environments, synthesized into a fresh directory; of the shipped ones, synthesized once per suite (frozen). */
export function synthesizedStacks(environments?: EnvironmentConfig[]): { outdir: string; stacks: Map<string, StackJson> } {
  const { outdir, stacks } = environments ? synthesizeAll(environments) : shippedSynthesis();
  return { outdir, stacks };
}

/** A deep copy of a stack to break on purpose. */
export function copyOf(stack: StackJson | undefined): StackJson {
  if (!stack) throw new Error("no such stack");
  return JSON.parse(JSON.stringify(stack)) as StackJson;
}

/** The one resource of `type` whose name starts with `prefix`: [name, body]. */
export function resourceOf(stack: StackJson, type: string, prefix = ""): [string, any] {
  const found = Object.entries((stack.resource?.[type] ?? {}) as Record<string, any>).filter(([name]) => name.startsWith(prefix));
  if (found.length === 0) throw new Error(`no ${type} named ${prefix}…`);
  return found[0]!;
}
