/**
 * `npm run replacement:record`: records the fields that force replacement of
 * every data-bearing resource of every shipped environment in
 * config/replacement-record.json. Run it only after deciding that a change
 * the replacement guard reported is meant to replace (or destroy) those
 * resources, or when a new coin adds some; the diff goes through review.
 */
import { rmSync, writeFileSync } from "node:fs";
import { REPLACEMENT_RECORD_FILE, replacementRecord } from "../lib/policy/replacement-record";
import { synthesizeAll } from "../lib/ci/verify";

const { outdir, stacks } = synthesizeAll();
rmSync(outdir, { recursive: true, force: true });
writeFileSync(REPLACEMENT_RECORD_FILE, `${JSON.stringify(replacementRecord(stacks), null, 2)}\n`);
console.log(`wrote ${REPLACEMENT_RECORD_FILE}`);
