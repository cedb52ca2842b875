/**
 * `npm run scan:triage -- <checkov.sarif> <triaged.sarif> [<stacks dir>]`
 *
 * Run by .github/workflows/scan.yml after checkov scanned cdktf.out/stacks: writes the SARIF for
 * code scanning with each finding located at its resource, tied to the project's checks, and
 * suppressed with its reason where config waives that check or config/scanner/suppressions.yaml
 * accepts the rule there (lib/ci/scan-triage.ts). Prints one line per open finding and exits 1
 * when there is one.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { triageSarif } from "../lib/ci/scan-triage";
import { loadEnvironments } from "../lib/config/load";
import { loadScanSuppressions } from "../lib/config/scan-suppressions";
import { CHECKS } from "../lib/policy/checks";
import { COIN_NAMES } from "../coinstacks/names";

function main(): void {
  const [input, output, stacksDir = join("cdktf.out", "stacks")] = process.argv.slice(2);
  if (!input || !output) {
    console.error("usage: scan-triage.ts <checkov.sarif> <triaged.sarif> [<stacks dir>]");
    process.exit(2);
  }
  const stacks = new Map(readdirSync(stacksDir).map((stack) => [stack, readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8")]));
  const waivers = loadEnvironments({ coins: COIN_NAMES }).flatMap((env) => env.policy.waivers);
  const { sarif, findings } = triageSarif(JSON.parse(readFileSync(input, "utf8")), { stacks, checks: CHECKS, waivers, suppressions: loadScanSuppressions() });
  writeFileSync(output, JSON.stringify(sarif));
  const open = findings.filter((f) => !f.suppressedBecause);
  console.log(`${findings.length} finding(s): ${findings.length - open.length} accepted with a reason, ${open.length} open`);
  for (const finding of open) {
    const covered = finding.projectChecks.length > 0 ? ` (the project's check ${finding.projectChecks.join(", ")} passes it: waive that check for it in config, or fix)` : "";
    console.log(`::error title=scanner finding ${finding.rule}::${finding.resource}${covered}; fix it, or accept it with a reason in config/scanner/suppressions.yaml`);
  }
  process.exit(open.length > 0 ? 1 : 0);
}

if (require.main === module) main();
