/**
 * The cdktf app (`cdktf.json` runs this file through scripts/ts-hook.cjs, without type-checking):
 * every environment in config/*.yaml, or those named in COINSTACKS_ENVIRONMENTS.
 */
import { buildApp } from "./lib/app";
import { ConfigError } from "./lib/config/load";
import { PolicyError } from "./lib/policy/aspect";

try {
  buildApp().synth();
} catch (error) {
  if (error instanceof ConfigError || error instanceof PolicyError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
