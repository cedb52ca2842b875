/**
 * What Terraform makes of literal text: each value evaluated by `terraform
 * console` exactly as it would be read from a stack's JSON, so a test can
 * compare it byte for byte with what was meant (a script file, a config value).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { offlineSandbox, requireTerraform, runTerraform } from "./cli";

/** `values` as Terraform reads them from JSON (templates evaluated); they may hold no references. */
export async function decodeAsTerraform(values: readonly unknown[], workdir: string): Promise<unknown[]> {
  requireTerraform();
  const dir = mkdtempSync(join(workdir, "decode-"));
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ locals: { values } }));
  // One expression (a piped console prints only its last answer); base64 keeps console's own quoting out of the way.
  const run = await runTerraform(offlineSandbox(mkdtempSync(join(workdir, "sandbox-"))), ["console"], dir, "base64encode(jsonencode(local.values))\n");
  const answer = run.stdout.trim();
  if (run.status !== 0 || !/^"[A-Za-z0-9+/=]*"$/.test(answer)) throw new Error(`terraform console could not evaluate the values: ${run.stderr.trim() || answer}`);
  return JSON.parse(Buffer.from(answer.slice(1, -1), "base64").toString("utf8")) as unknown[];
}
