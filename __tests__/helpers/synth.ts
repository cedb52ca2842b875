/**
 * Test helpers: build stacks from inline or shipped config and read the
 * synthesized JSON the way Terraform will see it.
 */
import { App, Testing, type TerraformStack } from "cdktf";
import { addEnvironment, type EnvironmentStacks } from "../../lib/app";
import { loadEnvironments, parseEnvironment } from "../../lib/config/load";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { stringify } from "yaml";

/** A parsed synthesized stack: `resource`, `data`, `provider`, `terraform`, `output`. */
export interface SynthesizedStack {
  resource: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  provider?: Record<string, any[]>;
  terraform: Record<string, any>;
  output?: Record<string, any>;
}

export function shippedEnvironment(name: string): EnvironmentConfig {
  const [env] = loadEnvironments({ only: [name] });
  if (!env) throw new Error(`no environment ${name}`);
  return env;
}

/** Parses a config object as if it were `config/<name>.yaml`. */
export function environmentFrom(input: Record<string, unknown>): EnvironmentConfig {
  return parseEnvironment(`config/${String(input.name)}.yaml`, stringify(input));
}

export function buildEnvironment(env: EnvironmentConfig): { app: App; stacks: EnvironmentStacks } {
  const app = Testing.app();
  return { app, stacks: addEnvironment(app, env) };
}

export function synthJson(stack: TerraformStack): string {
  return Testing.synth(stack);
}

export function synth(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

/** All resources of one type, as [name, body] pairs. */
export function resourcesOf(stack: SynthesizedStack, type: string): [string, any][] {
  return Object.entries(stack.resource[type] ?? {});
}

/** The one resource of a type; fails when there are none or several. */
export function onlyResource(stack: SynthesizedStack, type: string): any {
  const found = resourcesOf(stack, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0]![1];
}

/** A nested block may synthesize as an object or a one-element array. */
export function one<T>(value: T | T[]): T {
  return Array.isArray(value) ? (value[0] as T) : value;
}

/** Values of a helm_release, parsed back from its JSON document. */
export function helmValues(release: any): any {
  return JSON.parse(release.values[0]);
}
