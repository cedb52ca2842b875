/**
 * No shipped environment lists a volume operation (they name snapshots of a real account), so a
 * variant of dev with one of each and a quiesced backup, and one of local with the CSI driver's
 * operations, are judged here as the shipped stacks are: by Terraform, the providers' schemas and the
 * Kubernetes schemas.
 */
import { readFileSync } from "node:fs";
import { acceptStacks } from "../../lib/acceptance/terraform/accept";
import { requireTerraform } from "../../lib/acceptance/terraform/cli";
import { decodeAsTerraform } from "../../lib/acceptance/terraform/decode";
import { checkSchemas } from "../../lib/acceptance/schema/check";
import { formatProblems } from "../../lib/acceptance/problem";
import { schemaValidation } from "../../lib/ci/verify";
import { API_LIB_SCRIPT } from "../../lib/coinstack/api-job";
import { QUIESCED_SNAPSHOT_SCRIPT } from "../../lib/coinstack/quiesced-backup";
import { REPLACE_CLAIM_SCRIPT } from "../../lib/coinstack/volume-operations";
import { variantOf } from "../helpers/config";
import { RESYNC, withEveryLocalVolumeOperation, withEveryVolumeOperation, withQuiescedBackup } from "../helpers/volume-operations";
import { resourceOf, scratchDir, synthesizedStacks, TERRAFORM_CACHE } from "./helpers";

jest.setTimeout(60_000);

const work = scratchDir("volume-operations");
const withEveryOperationAndAQuiescedBackup = (input: Record<string, any>): void => {
  withEveryVolumeOperation(input);
  withQuiescedBackup(input);
};
const { stacks } = synthesizedStacks([variantOf("dev", withEveryOperationAndAQuiescedBackup), variantOf("local", withEveryLocalVolumeOperation)]);
const coinStack = stacks.get("dev-bitcoin")!;
const localCoinStack = stacks.get("local-bitcoin")!;

it("has the operations' resources: EBS volumes, PersistentVolumes, Jobs, a VolumeSnapshot, and the quiesced backup's CronJob", () => {
  for (const type of ["aws_ebs_volume", "kubernetes_persistent_volume_v1", "kubernetes_job_v1", "kubernetes_cron_job_v1"]) expect(Object.keys(coinStack.resource?.[type] ?? {}).length).toBeGreaterThan(0);
  expect(Object.values<any>(coinStack.resource?.kubernetes_manifest ?? {}).map((m) => m.manifest.kind)).toContain("VolumeSnapshot");
});

it("has, on the local cluster, the Jobs and the policies that hold their claims, and no AWS resource", () => {
  expect(Object.keys(localCoinStack.resource?.kubernetes_job_v1 ?? {})).toHaveLength(2);
  expect(Object.values<any>(localCoinStack.resource?.kubernetes_manifest ?? {}).map((m) => m.manifest.kind).filter((kind) => kind.startsWith("ValidatingAdmissionPolicy"))).toHaveLength(4);
  expect(Object.keys(localCoinStack.resource ?? {}).filter((type) => type.startsWith("aws_"))).toEqual([]);
});

it("is accepted by terraform init, validate and the template check", async () => {
  requireTerraform();
  const judged = new Map([["dev-bitcoin", coinStack], ["local-bitcoin", localCoinStack]]);
  expect(formatProblems(await acceptStacks(judged, { workdir: work, cacheDir: TERRAFORM_CACHE }))).toBe("");
});

it("is accepted by the providers' schemas", () => {
  expect(formatProblems(checkSchemas(stacks))).toBe("");
});

it("has Kubernetes objects that the upstream schemas accept (the VolumeSnapshots, the admission policies and their bindings)", () => {
  const { validated, problems } = schemaValidation(new Map([["dev-bitcoin", coinStack], ["local-bitcoin", localCoinStack]]));
  expect(problems).toEqual([]);
  expect(validated).toBeGreaterThanOrEqual(8);
});

it("hands the claim replacement script and a reason typed with ${ and %{ to the cluster byte for byte", async () => {
  const [, script] = resourceOf(coinStack, "kubernetes_config_map_v1", "coinstack_volume-operations_replace-indexer-0_script");
  const [, job] = resourceOf(coinStack, "kubernetes_job_v1", "coinstack_volume-operations_replace-indexer-0_job");
  const reason = job.spec.template.spec.container[0].env.find((e: { name: string }) => e.name === "REASON").value;
  expect(await decodeAsTerraform([script.data["replace-claim.sh"], script.data["api-lib.sh"], reason], work)).toEqual([REPLACE_CLAIM_SCRIPT, API_LIB_SCRIPT, RESYNC.reason]);
  expect(REPLACE_CLAIM_SCRIPT).toBe(readFileSync(require.resolve("../../lib/coinstack/volume-operations/replace-claim.sh"), "utf8"));
});

it("hands the quiesced backup's script to the cluster byte for byte", async () => {
  const [, script] = resourceOf(coinStack, "kubernetes_config_map_v1", "coinstack_quiesced-backup-daemon_script");
  expect(await decodeAsTerraform([script.data["quiesced-snapshot.sh"]], work)).toEqual([QUIESCED_SNAPSHOT_SCRIPT]);
  expect(QUIESCED_SNAPSHOT_SCRIPT).toBe(readFileSync(require.resolve("../../lib/coinstack/quiesced-backup/quiesced-snapshot.sh"), "utf8"));
});
