/**
 * The policy model: a check evaluates one kind of object in a synthesized
 * stack (the JSON Terraform reads) and reports what is wrong and how to fix it.
 * Checks read snake_case Terraform JSON, so the same code runs inside
 * `cdktf synth` (on the JSON it wrote), over `cdktf.out` (`npm run verify`) and
 * over `Testing.synth` output in tests.
 */
import type { PolicyContext } from "../core/stack-policy";

/** A synthesized stack as Terraform reads it (`cdk.tf.json`). */
export type StackJson = { resource?: Record<string, Record<string, any>>; terraform?: Record<string, any>; [key: string]: unknown };

/** Type of the pseudo-object a stack's backend is evaluated as. */
export const BACKEND = "terraform.backend";

/** One object a check looks at: a resource (`type.name`) or the stack's backend. */
export interface PolicyObject {
  readonly type: string;
  readonly name: string;
  readonly body: any;
}

export type { PolicyContext } from "../core/stack-policy";

/** Lookups across one stack's objects, for checks that relate objects to each other. */
export interface StackView {
  readonly name: string;
  readonly json: StackJson;
  readonly context: PolicyContext;
  /** Types present in the stack. */
  types(): string[];
  /** Every resource of one type, as objects. */
  resources(type: string): PolicyObject[];
  /** The object a `${type.name.attr}` reference points at, if it is in this stack. */
  referenced(reference: unknown): PolicyObject | undefined;
  /** Namespace name of a namespaced resource (resolving a reference to a namespace of this stack). */
  namespaceOf(object: PolicyObject): string | undefined;
}

export interface Finding {
  /** What is wrong, naming the container/port/key concerned. */
  readonly what: string;
  /** How to fix it. */
  readonly fix: string;
}

export interface Check {
  /** Checklist number in /work/shared/reference/security-checklist.md (A1 … J3); waivers name it. */
  readonly id: string;
  /** IDs of the upstream checks this re-implements (Checkov, kube-score, kube-linter, Polaris, Trivy, CIS). */
  readonly upstream: readonly string[];
  readonly title: string;
  /** Resource types (or BACKEND) the check evaluates; "*" for every type (narrowed by `selects`). */
  readonly appliesTo: readonly string[] | "*";
  /** Only objects for which this holds are evaluated (and counted). @default every object of the types */
  readonly selects?: (object: PolicyObject, stack: StackView) => boolean;
  evaluate(object: PolicyObject, stack: StackView): Finding[];
}

/** A finding of one check on one object, with the address operators and waivers use. */
export interface Violation {
  readonly check: Check;
  /** `<stack>/<type>.<name>` */
  readonly address: string;
  readonly finding: Finding;
}

/** One line: `stack/type.name: ID [upstream]: what is wrong; fix: how`. */
export function formatViolation(violation: Violation): string {
  const { check, address, finding } = violation;
  return `${address}: ${check.id} [${check.upstream.join(", ")}]: ${finding.what}; fix: ${finding.fix}`;
}
