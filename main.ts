/**
 * The cdktf app (`cdktf.json` runs this file through scripts/ts-hook.cjs, without type-checking):
 * every environment in config/*.yaml, or those named in COINSTACKS_ENVIRONMENTS, written to
 * CDKTF_OUTDIR (set by the cdktf CLI) only when nothing is wrong.
 */
import { isReportedError, synthesize } from "./lib/app";

try {
  synthesize({ outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out" });
} catch (error) {
  if (isReportedError(error)) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
