/**
 * CEL, as the API server evaluates a ValidatingAdmissionPolicy's expressions, through
 * @marcbachmann/cel-js (an ES module, so run in a child node process: jest's module system loads
 * CommonJS only). One process evaluates a whole batch.
 */
import { execFileSync } from "node:child_process";

const EVALUATOR = `
import { evaluate } from "@marcbachmann/cel-js";
let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = JSON.parse(input).map(({ expression, context }) => {
  try { return { value: evaluate(expression, context) }; } catch (error) { return { error: String(error.message ?? error) }; }
});
process.stdout.write(JSON.stringify(results));
`;

export interface CelCase {
  readonly expression: string;
  readonly context: Record<string, unknown>;
}

/** Each expression's value in its context; an expression that does not compile or evaluate throws, naming it. */
export function evaluateCel(cases: readonly CelCase[]): unknown[] {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", EVALUATOR], { input: JSON.stringify(cases), encoding: "utf8", cwd: __dirname });
  return (JSON.parse(out) as { value?: unknown; error?: string }[]).map((result, i) => {
    if (result.error !== undefined) throw new Error(`CEL ${cases[i]!.expression}: ${result.error}`);
    return result.value;
  });
}

type Policy = { spec: { matchConditions?: { expression: string }[]; validations: { expression: string; message: string }[] } };
type Verdict = "not matched" | string[];

/**
 * What an API server answers each request a ValidatingAdmissionPolicy sees: "not matched" unless its
 * matchConditions all hold, else the messages of its validations that fail (none: admitted). Every
 * request of the policy is evaluated in one process; the first verdict asked for runs them all.
 */
export function admissions<K extends string>(policy: () => Policy, requests: Record<K, Record<string, unknown>>): (name: K) => Verdict {
  let verdicts: Record<string, Verdict> | undefined;
  return (name) => {
    if (!verdicts) {
      const { spec } = policy();
      const conditions = spec.matchConditions ?? [];
      const expressions = [...conditions, ...spec.validations].map(({ expression }) => expression);
      const entries = Object.entries<Record<string, unknown>>(requests);
      const values = evaluateCel(entries.flatMap(([, context]) => expressions.map((expression) => ({ expression, context }))));
      verdicts = Object.fromEntries(entries.map(([key], i) => {
        const own = values.slice(i * expressions.length, (i + 1) * expressions.length);
        if (own.slice(0, conditions.length).some((v) => v !== true)) return [key, "not matched"];
        return [key, spec.validations.filter((_, j) => own[conditions.length + j] !== true).map((v) => v.message)];
      }));
    }
    return verdicts![name]!;
  };
}
