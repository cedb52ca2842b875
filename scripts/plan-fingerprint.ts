/**
 * `terraform show -json tfplan | node --require ./scripts/ts-hook.cjs scripts/plan-fingerprint.ts`
 *
 * Prints the fingerprint of a plan (lib/ci/plan-fingerprint.ts): the deploy's plan job records it
 * for the reviewed plan, the apply job compares a fresh plan's against it. Prints nothing of the
 * plan itself (the JSON plan may hold sensitive values).
 */
import { readFileSync } from "node:fs";
import { planFingerprint } from "../lib/ci/plan-fingerprint";

console.log(planFingerprint(JSON.parse(readFileSync(0, "utf8"))));
