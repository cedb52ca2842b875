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

/** What an API server answers a creation a ValidatingAdmissionPolicy sees: its matchConditions all true, then its validations' messages that fail. */
export function admission(policy: { spec: { matchConditions?: { expression: string }[]; validations: { expression: string; message: string }[] } }, request: Record<string, unknown>): "not matched" | string[] {
  const conditions = policy.spec.matchConditions ?? [];
  const values = evaluateCel([...conditions, ...policy.spec.validations].map(({ expression }) => ({ expression, context: request })));
  if (values.slice(0, conditions.length).some((v) => v !== true)) return "not matched";
  return policy.spec.validations.filter((_, i) => values[conditions.length + i] !== true).map((v) => v.message);
}
