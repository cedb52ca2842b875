/**
 * The policy checks of a synth: every check over the JSON each stack wrote
 * (the file Terraform reads), with the waivers and context the stack declared
 * (lib/core/stack-policy.ts). lib/app.ts `synthesize` runs them on its staging
 * directory and publishes nothing when they fail.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { App } from "cdktf";
import { stackPolicyOf, type StackPolicy, type Waiver } from "../core/stack-policy";
import { formatViolation } from "./check";
import { CHECKS } from "./checks";
import { evaluateStack, type StackReport } from "./evaluate";

/** Policy violations or waivers that match nothing: printed one per line, without a stack trace. */
export class PolicyError extends Error {
  constructor(
    readonly problems: readonly string[],
    heading = "Policy violations",
  ) {
    super(`${heading} (${problems.length}):\n  ${problems.join("\n  ")}`);
    this.name = "PolicyError";
  }
}

const UNUSED_WAIVERS = "Unused policy waivers";

export interface PolicyOutcome {
  /** One report per stack that declares a policy, in the app's order. */
  readonly reports: StackReport[];
  /** Violations of every stack, then waivers that matched nothing; empty when the synth may be published. */
  readonly errors: PolicyError[];
}

/**
 * Evaluates every stack of `app` that declares a policy, reading the JSON its synth wrote to `outdir`.
 * @param incomplete environments some of whose stacks could not be built: their waivers may excuse a
 * stack that is missing, so they are not judged unused @default none
 */
export function checkSynthesizedApp(app: App, outdir: string, incomplete: ReadonlySet<string> = new Set()): PolicyOutcome {
  const paths = synthesizedStackPaths(outdir);
  const evaluated = app.node.children.flatMap((stack) => {
    const policy = stackPolicyOf(stack);
    const path = paths.get(stack.node.id);
    if (!policy || !path) return [];
    const json = JSON.parse(readFileSync(join(outdir, path), "utf8"));
    return [{ policy, report: evaluateStack(stack.node.id, json, CHECKS, { context: policy.context, waivers: policy.waivers }) }];
  });
  const violations = evaluated.flatMap(({ policy, report }) => violationLines(policy, report));
  const unused = unusedWaivers(evaluated, incomplete);
  return {
    reports: evaluated.map(({ report }) => report),
    errors: [...(violations.length > 0 ? [new PolicyError(violations)] : []), ...(unused.length > 0 ? [new PolicyError(unused, UNUSED_WAIVERS)] : [])],
  };
}

/** Stack id → its JSON's path under the output directory, as cdktf's manifest lists them. */
function synthesizedStackPaths(outdir: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return new Map(Object.entries(manifest.stacks).map(([id, stack]) => [id, stack.synthesizedStackPath]));
}

/** The violations of one stack, one line each, naming what to change in config. */
function violationLines(policy: StackPolicy, report: StackReport): string[] {
  return report.violations.map((violation) => {
    const waiver = `a waiver in ${policy.configFile}: policy.waivers (check: ${violation.check.id}, resource: "${violation.address}", reason: why it cannot pass)`;
    return `${formatViolation(violation)}; or accept it with ${waiver}`;
  });
}

/** A waiver that waives nothing is an error, so waivers never outlive the problem they excused. */
function unusedWaivers(evaluated: readonly { policy: StackPolicy; report: StackReport }[], incomplete: ReadonlySet<string>): string[] {
  const used = new Set(evaluated.flatMap(({ report }) => report.waived.map((w) => w.waiver.origin)));
  const unused = new Map<string, Waiver>();
  for (const waiver of evaluated.flatMap(({ policy }) => policy.waivers)) if (!used.has(waiver.origin)) unused.set(waiver.origin, waiver);
  return [...unused.values()]
    .filter((w) => ![...incomplete].some((env) => w.origin.startsWith(`config/${env}.yaml:`)))
    .map((w) => `${w.origin}: expected a waiver that matches a violation, got ${JSON.stringify({ check: w.check, resource: w.resource })} which matches none; remove it`);
}
