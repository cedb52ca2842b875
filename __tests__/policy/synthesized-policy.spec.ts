/** The policy checks of `cdktf synth`, run on the JSON written: violations and rotting waivers fail synth with one line each. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesize, SynthError } from "../../lib/app";
import { PolicyError } from "../../lib/policy/synthesized-policy";
import { variantOf } from "../helpers/config";

const outdir = (): string => join(mkdtempSync(join(tmpdir(), "synthesized-policy-")), "cdktf.out");

function synthError(env: ReturnType<typeof variantOf>): PolicyError | undefined {
  try {
    synthesize({ environments: [env], outdir: outdir() });
  } catch (error) {
    if (error instanceof SynthError && error.errors.length === 1 && error.errors[0] instanceof PolicyError) return error.errors[0];
    throw error;
  }
  return undefined;
}

describe("a violation", () => {
  const error = synthError(variantOf("prod", (input) => (input.cluster.logRetentionDays = 30)));
  it("fails synth naming stack, resource, check, what is wrong and how to fix it", () => {
    expect(error?.problems).toEqual([
      "prod-cluster/aws_cloudwatch_log_group.eks_control-plane-logs_DDCE5D68: H3 [CKV_AWS_338, CKV_AWS_158, AVD-AWS-0017, CKV_AWS_66]: retention_in_days 30; fix: keep control-plane logs at least 365 days (cluster.logRetentionDays); or accept it with a waiver in config/prod.yaml: policy.waivers (check: H3, resource: \"prod-cluster/aws_cloudwatch_log_group.eks_control-plane-logs_DDCE5D68\", reason: why it cannot pass)",
    ]);
  });
  it("is a message, not a stack trace", () => {
    expect(error?.message.split("\n")[0]).toBe("Policy violations (1):");
    expect(error?.message).not.toMatch(/\n\s+at /);
  });
});

describe("a waiver that matches nothing", () => {
  it("fails synth so waivers never outlive their reason", () => {
    const error = synthError(
      variantOf("local", (input) => input.policy.waivers.push({ check: "A7", resource: "*/kubernetes_pod_v1.*", reason: "a waiver that excuses nothing at all" })),
    );
    expect(error?.problems).toEqual([
      'config/local.yaml: policy.waivers[2]: expected a waiver that matches a violation, got {"check":"A7","resource":"*/kubernetes_pod_v1.*"} which matches none; remove it',
    ]);
  });
});

describe("probes: false for maintenance", () => {
  it("waives A12 for that coin only, and the waiver is listed", () => {
    const { reports } = synthesize({ environments: [variantOf("local", (input) => (input.coins["bitcoin"].probes = false))], outdir: outdir() });
    const waived = reports.flatMap((r) => r.waived.filter((w) => w.check.id === "A12").map((w) => w.waiver.origin));
    expect(new Set(waived)).toEqual(new Set(["config/local.yaml: coins.bitcoin.probes"]));
  });
});
