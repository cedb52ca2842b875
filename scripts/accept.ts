/**
 * `npm run accept`: what Terraform, the provider schemas and Helm say of the
 * stacks in cdktf.out (run `npm run synth` first), offline, one line per problem.
 * `npm test` runs the same checks over a fresh synth; this is for the stacks
 * you are about to plan or hand to Terraform Cloud. Exit 1 on any problem.
 */
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { chartCacheFromEnvironment, checkHelmReleases } from "../lib/acceptance/helm";
import { formatProblems } from "../lib/acceptance/problem";
import { checkSchemas } from "../lib/acceptance/schema/check";
import { acceptStacks } from "../lib/acceptance/terraform/accept";
import { readSynth } from "../lib/ci/synth";
import { loadEnvironments } from "../lib/config/load";
import { COIN_NAMES } from "../coinstacks/names";

async function main(): Promise<void> {
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const { stacks } = readSynth(outdir);
  const charts = chartCacheFromEnvironment();
  if ("warning" in charts) console.warn(charts.warning);
  const helm = await checkHelmReleases({ outdir, environments: loadEnvironments({ coins: COIN_NAMES }), chartCache: "dir" in charts ? charts.dir : undefined });
  const problems = [...checkSchemas(stacks), ...(await acceptStacks(stacks, { workdir: mkdtempSync(join(tmpdir(), "coinstacks-accept-")) })), ...helm.problems];
  if (problems.length > 0) {
    console.error(`${formatProblems(problems)}\n\n${problems.length} problem${problems.length === 1 ? "" : "s"} in ${outdir}`);
    process.exit(1);
  }
  console.log(`${stacks.size} stacks in ${outdir}: accepted by terraform (init, validate, backend) and the provider schemas; ${helm.releases.length} Helm releases rendered`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
