/**
 * The `lifecycle` meta-argument: its keys, `ignore_changes` paths valid
 * against the resource's schema (Terraform validates them statically, like
 * `spec[0].volume_claim_template`), and `replace_triggered_by` references to
 * declared resources.
 */
import { isObject, keyPath, nameList, report, type StackContext } from "./context";
import type { BlockSchema } from "./provider-schema";
import { knownNames } from "./provider-schema";
import { referenceProblem } from "./references";
import { parseTraversal, type Step } from "../template";

const LIFECYCLE_KEYS = ["create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by", "precondition", "postcondition"];

export function checkLifecycle(context: StackContext, address: string, schema: BlockSchema, value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value)) return report(context, address, "lifecycle", "lifecycle must be a block (an object)");
  for (const key of Object.keys(value).filter((k) => !LIFECYCLE_KEYS.includes(k))) {
    report(context, address, `lifecycle.${key}`, `unknown lifecycle argument "${key}"; known: ${nameList(LIFECYCLE_KEYS)}`);
  }
  checkIgnoreChanges(context, address, schema, value.ignore_changes);
  checkReplaceTriggeredBy(context, address, value.replace_triggered_by);
}

function checkIgnoreChanges(context: StackContext, address: string, schema: BlockSchema, value: unknown): void {
  if (value === undefined || value === "all") return;
  if (!Array.isArray(value)) return report(context, address, "lifecycle.ignore_changes", `ignore_changes must be "all" or a list of attribute paths`);
  value.forEach((entry, index) => {
    const problem = entry === "all" ? undefined : ignorePathProblem(schema, entry);
    if (problem) report(context, address, `lifecycle.ignore_changes[${index}]`, `${JSON.stringify(entry)}: ${problem}`);
  });
}

function ignorePathProblem(schema: BlockSchema, entry: unknown): string | undefined {
  const traversal = typeof entry === "string" ? parseTraversal(entry) : undefined;
  if (!traversal) return "not an attribute path like metadata[0].annotations";
  return pathProblem(schema, [{ attr: traversal.root }, ...traversal.steps], "");
}

/**
 * Terraform's static validation of a path into a block: a name the block
 * knows; into a list block only through a numeric index, never into a set;
 * inside an attribute, anything (its type is not modelled here).
 */
function pathProblem(schema: BlockSchema, steps: readonly Step[], at: string): string | undefined {
  const [step, ...rest] = steps;
  if (!step) return undefined;
  if ("index" in step && !/^".*"$/.test(step.index)) return `${at || "the resource"} is an object: only attribute names are allowed here, not [${step.index}]`;
  const name = "attr" in step ? step.attr : step.index.slice(1, -1);
  const here = keyPath(at, name);
  if (schema.attributes.has(name) || schema.computed.has(name)) return undefined;
  const block = schema.blocks.get(name);
  if (!block) return `no attribute or block "${name}" in ${at || "the resource"}; known: ${nameList(knownNames(schema, true))}`;
  if (block.nesting === "single" || rest.length === 0) return pathProblem(block.block, rest, here);
  const [index, ...inner] = rest;
  if (block.nesting === "set") return `block ${here} is a set: its elements have no index to address`;
  const key = index && "index" in index ? index.index : undefined;
  const valid = block.nesting === "list" ? /^\d+$/.test(key ?? "") : /^".*"$/.test(key ?? "");
  if (!valid) return `block ${here} is a ${block.nesting}: index it like ${here}${block.nesting === "list" ? "[0]" : '["key"]'}`;
  return pathProblem(block.block, inner, `${here}[${key}]`);
}

/** Each entry must reference a declared managed resource (or one of its attributes). */
function checkReplaceTriggeredBy(context: StackContext, address: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) return report(context, address, "lifecycle.replace_triggered_by", "replace_triggered_by must be a list of references");
  value.forEach((entry, index) => {
    const text = typeof entry === "string" ? entry.replace(/^\$\{(.*)\}$/s, "$1") : "";
    const traversal = parseTraversal(text);
    const problem =
      !traversal || traversal.root === "data" || !/^[a-z]\w*_/.test(traversal.root)
        ? "must reference a managed resource, like aws_vpc.x or aws_vpc.x.id"
        : referenceProblem(context, traversal);
    if (problem) report(context, address, `lifecycle.replace_triggered_by[${index}]`, `${JSON.stringify(entry)}: ${problem}`);
  });
}
