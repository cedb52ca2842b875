/**
 * Runs every check over one synthesized stack and applies the environment's
 * waivers. Pure: no cdktf, no file system, so synth, verify and tests share it.
 */
import type { Waiver } from "../core/stack-policy";
import { BACKEND, type Check, type PolicyContext, type PolicyObject, type StackJson, type StackView, type Violation } from "./check";
import { one, parseReference } from "./json";

export type { Waiver } from "../core/stack-policy";

export interface WaivedViolation extends Violation {
  readonly waiver: Waiver;
}

export interface StackReport {
  readonly stack: string;
  /** (check × object) pairs evaluated. */
  readonly evaluated: number;
  readonly violations: Violation[];
  readonly waived: WaivedViolation[];
}

/** Compiles a waiver's resource pattern (`*` wildcards, everything else literal). */
export function waiverPattern(resource: string): RegExp {
  return new RegExp(`^${resource.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

export function waiverMatches(waiver: Waiver, violation: Violation): boolean {
  return waiver.check === violation.check.id && waiverPattern(waiver.resource).test(violation.address);
}

function objectsOf(json: StackJson): PolicyObject[] {
  const objects: PolicyObject[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) objects.push({ type, name, body });
  }
  const backend = json.terraform?.backend as Record<string, unknown> | undefined;
  for (const [name, body] of Object.entries(backend ?? {})) objects.push({ type: BACKEND, name, body });
  return objects;
}

export function stackView(name: string, json: StackJson, context: PolicyContext = {}): StackView {
  const byType = new Map<string, PolicyObject[]>();
  for (const object of objectsOf(json)) byType.set(object.type, [...(byType.get(object.type) ?? []), object]);
  const view: StackView = {
    name,
    json,
    context,
    types: () => [...byType.keys()],
    resources: (type) => byType.get(type) ?? [],
    referenced: (reference) => {
      const target = parseReference(reference);
      return target ? view.resources(target[0]).find((o) => o.name === target[1]) : undefined;
    },
    namespaceOf: (object) => {
      const metadata = object.type === "kubernetes_manifest" ? object.body.manifest?.metadata : one(object.body.metadata);
      const namespace = object.type === "helm_release" ? object.body.namespace : metadata?.namespace;
      const target = view.referenced(namespace);
      if (target?.type === "kubernetes_namespace_v1" || target?.type === "kubernetes_namespace") return one(target.body.metadata)?.name;
      return typeof namespace === "string" ? namespace : undefined;
    },
  };
  return view;
}

/** Evaluates `checks` over one stack; violations a waiver covers are reported as waived. */
export function evaluateStack(
  stack: string,
  json: StackJson,
  checks: readonly Check[],
  options: { context?: PolicyContext; waivers?: readonly Waiver[] } = {},
): StackReport {
  const view = stackView(stack, json, options.context);
  const waivers = options.waivers ?? [];
  let evaluated = 0;
  const violations: Violation[] = [];
  const waived: WaivedViolation[] = [];
  for (const check of checks) {
    for (const type of check.appliesTo === "*" ? view.types() : check.appliesTo) {
      for (const object of view.resources(type)) {
        if (check.selects && !check.selects(object, view)) continue;
        evaluated++;
        for (const finding of check.evaluate(object, view)) {
          const violation: Violation = { check, address: `${stack}/${object.type}.${object.name}`, finding };
          const waiver = waivers.find((w) => waiverMatches(w, violation));
          if (waiver) waived.push({ ...violation, waiver });
          else violations.push(violation);
        }
      }
    }
  }
  return { stack, evaluated, violations, waived };
}
