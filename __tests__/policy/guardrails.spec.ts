/**
 * `npm run verify` over every shipped environment, and the pieces it runs:
 * schema validation, secret scan, replacement guard, determinism.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatReplacementDiff, replacementDiff, RECORD_COMMAND } from "../../lib/policy/replacement-record";
import { schemaProblems } from "../../lib/policy/schemas";
import { scanText, SECRET_PATTERNS } from "../../lib/policy/secrets";
import { secretScan, synthDifferences, verify } from "../../lib/ci/verify";
import { loadEnvironments } from "../../lib/config/load";
import { buildEnvironment, stacksOf } from "../helpers/synth";
import { COIN_NAMES } from "../../coinstacks/names";

/** Stacks of every shipped environment, counted from the app itself so new coins need no edit here. */
const SHIPPED_STACK_COUNT = loadEnvironments({ coins: COIN_NAMES }).reduce((count, env) => count + stacksOf(buildEnvironment(env).app).length, 0);

jest.setTimeout(60_000);

describe("npm run verify", () => {
  const result = verify();
  it("finds no problem in any shipped environment", () => {
    expect(result.problems).toEqual([]);
  });
  it("prints the figures: checks evaluated, violations, waivers, resources validated, files scanned, fields recorded, determinism", () => {
    const text = result.lines.join("\n");
    const stacks = SHIPPED_STACK_COUNT;
    expect(text).toMatch(new RegExp(`^policy: \\d+ checks evaluated over ${stacks} stacks, 0 violations, \\d+ findings waived by 22 waivers:`));
    expect(text).toMatch(/schemas: [1-9]\d* Kubernetes custom resources validated against kubernetes-models, 0 problems/);
    expect(text).toMatch(/secrets: [1-9]\d* files scanned \(every cdk\.tf\.json and git-tracked file\), 0 findings/);
    expect(text).toMatch(/replacement guard: [1-9]\d* fields of [1-9]\d* data-bearing resources recorded, 0 differences/);
    expect(text).toMatch(new RegExp(`determinism: ${stacks} stacks synthesized twice, 0 files differ`));
  });
});

describe("schema validation", () => {
  it("catches a structurally wrong object", () => {
    expect(schemaProblems({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "x" }, spec: { maxUnavailable: [1] } } as any)).not.toEqual([]);
  });
  it("refuses a kind it has no schema for", () => {
    expect(schemaProblems({ apiVersion: "traefik.containo.us/v1alpha1", kind: "IngressRoute" })).toEqual([
      "traefik.containo.us/v1alpha1/IngressRoute: no upstream schema known for this kind",
    ]);
  });
});

/** Planted literals, assembled at run time so this file itself stays clean for the scan. */
const PLANTED: Record<string, string> = {
  "aws-access-key-id": `key ${"AKIA"}IOSFODNN7EXAMPLE`,
  "aws-secret-access-key": `aws_secret_access_key = ${"wJalrXUtnFEMI/K7MDENG"}/bPxRfiCYEXAMPLEKEY`,
  "private-key": `-----BEGIN ${"RSA"} PRIVATE KEY-----`,
  "github-token": `${"ghp"}_abcdefghijklmnopqrstuvwxyz0123456789`,
  "slack-token": `${"xoxb"}-1234567890-abcdefghij`,
  jwt: `${"eyJ"}hbGciOiJIUzI1NiJ9.${"eyJ"}zdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N`,
  "credential-assignment": `"rpc_${"password"}": "S3cr3t-Passw0rd!"`,
  "hex-secret": `token: ${"0123456789abcdef"}0123456789abcdef`,
};

describe("the secret scan", () => {
  it.each(SECRET_PATTERNS.map((p) => [p.id]))("catches a planted %s", (id) => {
    expect(scanText("planted.txt", PLANTED[id]!).map((f) => f.pattern)).toContain(id);
  });
  it.each([
    ['"rpc-password": "${random_password.coinstack_credentials_rpc-password_15E51963.result}"'],
    ["rpcpassword=%s"],
    ['existingSecret: "bitcoin-rpc"'],
    ["password_file: /secrets/rpc-password"],
    ['secret_name = "bitcoin-credentials"'],
  ])("leaves a reference, format string, name or path alone: %s", (line) => {
    expect(scanText("ok.txt", line)).toEqual([]);
  });
  it("reports a literal planted in a synthesized cdk.tf.json with its file and line", () => {
    const outdir = mkdtempSync(join(tmpdir(), "secret-scan-"));
    mkdirSync(join(outdir, "stacks", "dev-bitcoin"), { recursive: true });
    writeFileSync(join(outdir, "stacks", "dev-bitcoin", "cdk.tf.json"), `{\n  "data": {\n    ${PLANTED["credential-assignment"]}\n  }\n}\n`);
    const planted = secretScan(outdir).findings.filter((f) => f.file.startsWith("cdktf.out/"));
    expect(planted.map((f) => `${f.file}:${f.line} ${f.pattern}`)).toEqual(["cdktf.out/stacks/dev-bitcoin/cdk.tf.json:3 credential-assignment"]);
  });
});

describe("the replacement guard", () => {
  const recorded = { "dev-bitcoin/kubernetes_stateful_set_v1.sts": { "spec.service_name": "bitcoin-headless", "spec.pod_management_policy": "Parallel" } };
  it("prints each changed field with its old and new value", () => {
    const current = { "dev-bitcoin/kubernetes_stateful_set_v1.sts": { "spec.service_name": "bitcoin", "spec.pod_management_policy": "Parallel" } };
    expect(replacementDiff(recorded, current)).toEqual([
      "~ dev-bitcoin/kubernetes_stateful_set_v1.sts spec.service_name (forces replacement):",
      '    - "bitcoin-headless"',
      '    + "bitcoin"',
    ]);
  });
  it("fails on a data-bearing resource not yet recorded (a new coin) and on one that disappeared", () => {
    const current = { "dev-ethereum/kubernetes_stateful_set_v1.sts": { "spec.service_name": "ethereum-headless" } };
    expect(replacementDiff(recorded, current)).toEqual([
      "- dev-bitcoin/kubernetes_stateful_set_v1.sts: recorded but no longer synthesized (removing it destroys the resource)",
      "+ dev-ethereum/kubernetes_stateful_set_v1.sts: not yet recorded",
    ]);
  });
  it("tells how to accept a deliberate change", () => {
    expect(formatReplacementDiff(["+ x: not yet recorded"])).toContain(`run ${RECORD_COMMAND} and commit the diff`);
  });
});

describe("the determinism check", () => {
  it("notices a single byte that differs between two synths", () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), "det-a-")), mkdtempSync(join(tmpdir(), "det-b-"))];
    writeFileSync(join(a, "cdk.tf.json"), "{}\n");
    writeFileSync(join(b, "cdk.tf.json"), "{} \n");
    writeFileSync(join(a, "manifest.json"), "{}");
    writeFileSync(join(b, "manifest.json"), "{}");
    expect(synthDifferences(a, b)).toEqual(["cdk.tf.json"]);
  });
});
