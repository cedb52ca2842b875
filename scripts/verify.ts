/**
 * `npm run verify`: every guardrail over every shipped environment (policy
 * checks, schema validation, secret scan, replacement guard, determinism),
 * printing the figures. Exit 1 when anything fails.
 */
import { verify } from "../lib/ci/verify";

const { lines, problems } = verify();
console.log(lines.join("\n"));
if (problems.length > 0) {
  console.error(`\n${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.join("\n")}`);
  process.exit(1);
}
