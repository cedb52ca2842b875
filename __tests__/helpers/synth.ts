/**
 * Test helpers: build stacks from inline or shipped config and read the
 * synthesized JSON the way Terraform will see it.
 */
import { App, Testing, TerraformStack } from "cdktf";
import { addEnvironment, type EnvironmentStacks } from "../../lib/app";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { synthesizeAll, type Synthesis } from "../../lib/ci/verify";

import { shippedEnvironment } from "./config";

export { environmentFrom, shippedEnvironment, shippedInput, variantOf } from "./config";

let shipped: Synthesis | undefined;

/**
 * Every shipped environment synthesized as `npm run synth` writes it (policy checks included) into
 * a temporary directory, once per suite (a synth of them all costs over a second). Shared by the
 * specs, so frozen: copy a stack (structuredClone) before changing it.
 */
export function shippedSynthesis(): Synthesis {
  if (!shipped) {
    const synthesis = synthesizeAll();
    for (const stack of synthesis.stacks.values()) deepFreeze(stack);
    shipped = synthesis;
  }
  return shipped;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/** A parsed synthesized stack: `resource`, `data`, `provider`, `terraform`, `output`. */
export interface SynthesizedStack {
  resource: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  ephemeral?: Record<string, Record<string, any>>;
  provider?: Record<string, any[]>;
  terraform: Record<string, any>;
  output?: Record<string, any>;
}

export function buildEnvironment(env: EnvironmentConfig): { app: App; stacks: EnvironmentStacks } {
  const app = Testing.app();
  return { app, stacks: addEnvironment(app, env) };
}

export function synthJson(stack: TerraformStack): string {
  return Testing.synth(stack);
}

/**
 * One stack's JSON. Cross-stack references are only resolved once the app
 * prepared its stacks (see `synthApp`); alone, a consumer stack would show a
 * reference to a resource it does not contain.
 */
export function synth(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

/** Every stack of `app`, in construction order. */
export function stacksOf(app: App): TerraformStack[] {
  return app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
}

/**
 * Every stack of `app` synthesized with `Testing.synth`, after preparing all
 * stacks as `App.synth` does, so cross-stack references become remote-state
 * data sources and outputs exactly as in `cdktf.out`.
 */
export function synthApp(app: App): Record<string, SynthesizedStack> {
  return parseEach(synthAppText(app));
}

/** As `synthApp`, each stack as the `Testing.synth` string the cdktf jest matchers take. */
export function synthAppText(app: App): Record<string, string> {
  const stacks = stacksOf(app);
  stacks.forEach((stack) => stack.prepareStack());
  return Object.fromEntries(stacks.map((stack) => [stack.node.id, Testing.synth(stack)]));
}

function parseEach(text: Record<string, string>): Record<string, SynthesizedStack> {
  return Object.fromEntries(Object.entries(text).map(([id, json]) => [id, JSON.parse(json) as SynthesizedStack]));
}

/**
 * One environment's stacks, built in a fresh test app and synthesized together:
 * `text` for the cdktf matchers (`expect(text[id]).toHaveResource(...)`), `json` to compute over.
 */
export function synthEnvironment(env: EnvironmentConfig): {
  app: App;
  stacks: EnvironmentStacks;
  text: Record<string, string>;
  json: Record<string, SynthesizedStack>;
} {
  const { app, stacks } = buildEnvironment(env);
  const text = synthAppText(app);
  return { app, stacks, text, json: parseEach(text) };
}

const shippedSyntheses = new Map<string, ReturnType<typeof synthEnvironment>>();

/**
 * `synthEnvironment(shippedEnvironment(name))`, once per suite (an environment's synth costs a
 * few tenths of a second). Shared by the specs, so its JSON is frozen: copy before changing it.
 */
export function synthShipped(name: string): ReturnType<typeof synthEnvironment> {
  let synthesis = shippedSyntheses.get(name);
  if (!synthesis) {
    synthesis = synthEnvironment(shippedEnvironment(name));
    deepFreeze(synthesis.json);
    shippedSyntheses.set(name, synthesis);
  }
  return synthesis;
}

/** All resources of one type, as [name, body] pairs. */
export function resourcesOf(stack: SynthesizedStack, type: string): [string, any][] {
  return Object.entries(stack.resource?.[type] ?? {});
}

/** All data sources of one type, as [name, body] pairs. */
export function dataSourcesOf(stack: SynthesizedStack, type: string): [string, any][] {
  return Object.entries(stack.data?.[type] ?? {});
}

/** The one resource of a type; fails when there are none or several. */
export function onlyResource(stack: SynthesizedStack, type: string): any {
  const found = resourcesOf(stack, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0]![1];
}

/** `${type.name.attr}` reference to a resource of this stack. */
export function ref(type: string, name: string, attribute: string): string {
  return `\${${type}.${name}.${attribute}}`;
}

/** A nested block may synthesize as an object or a one-element array. */
export function one<T>(value: T | T[]): T {
  return Array.isArray(value) ? (value[0] as T) : value;
}

/** Values of a helm_release, parsed back from its JSON document. */
export function helmValues(release: any): any {
  return JSON.parse(release.values[0]);
}

/** A helm_release by its release name. */
export function helmRelease(stack: SynthesizedStack, releaseName: string): any {
  const found = resourcesOf(stack, "helm_release").filter(([, body]) => body.name === releaseName);
  if (found.length !== 1) throw new Error(`expected one helm_release named ${releaseName}, found ${found.length}`);
  return found[0]![1];
}

/** An IAM policy document (JSON string) parsed, with `Statement` always a list. */
export function policyDocument(policy: string): { Statement: any[] } {
  const doc = JSON.parse(policy) as { Statement: any };
  return { ...doc, Statement: Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement] };
}

/** Every string in a JSON value, depth first. */
export function allStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === "object") return Object.values(value).flatMap(allStrings);
  return [];
}
