/**
 * Issue 16, scanners: checkov's findings on the synthesized stacks, located at their resource, tied
 * to the project's checks, and suppressed only with a reason in the repository. The SARIF here has
 * checkov 3.3's shape (checkov/common/output/sarif.py); checkov itself runs in the scan workflow only.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resourceLines, triageSarif, type ScanContext } from "../../lib/ci/scan-triage";
import { ConfigError } from "../../lib/config/messages";
import { loadScanSuppressions, parseScanSuppressions } from "../../lib/config/scan-suppressions";
import { CHECKS } from "../../lib/policy/checks";
import { shippedEnvironment, shippedSynthesis } from "../helpers/synth";
import { tempDir } from "./fixtures";

const { stacks, outdir } = shippedSynthesis();
/** dev-bitcoin as cdktf wrote it. */
const TEXT = readFileSync(join(outdir, "stacks", "dev-bitcoin", "cdk.tf.json"), "utf8");
const lines = resourceLines(TEXT);
const lineOf = (prefix: string) => lines.find((r) => r.address.startsWith(prefix))!;

/** One checkov result as its SARIF writer makes it: the rule, and the scanned file with the resource's lines. */
function result(rule: string, uri: string, startLine: number) {
  return { ruleId: rule, ruleIndex: 0, level: "error", message: { text: "Image should use digest" }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine, endLine: startLine + 5 } } }] };
}
const sarifOf = (...results: object[]) => ({ version: "2.1.0", runs: [{ tool: { driver: { name: "Checkov" } }, results }] });

const context = (overrides: Partial<ScanContext> = {}): ScanContext => ({
  stacks: new Map([["dev-bitcoin", TEXT]]),
  checks: CHECKS,
  waivers: shippedEnvironment("dev").policy.waivers,
  suppressions: [],
  ...overrides,
});

it("finds each resource's lines in a stack as cdktf wrote it", () => {
  const statefulSet = lineOf("kubernetes_stateful_set_v1.");
  expect(TEXT.split("\n")[statefulSet.start - 1]).toMatch(/^ {6}"coinstack_workload_stateful-set_[0-9A-F]+": \{$/);
  expect(TEXT.split("\n")[statefulSet.end - 1]).toMatch(/^ {6}\},?$/);
  expect(lines.length).toBe(Object.values(stacks.get("dev-bitcoin")!.resource!).reduce((n, byName) => n + Object.keys(byName).length, 0));
});

it("locates a finding at its resource, ties it to the project's check of the same rule, and suppresses it with that check's waiver", () => {
  const { start } = lineOf("kubernetes_stateful_set_v1.");
  const { findings, sarif } = triageSarif(sarifOf(result("CKV_K8S_43", "dev-bitcoin/cdk.tf.json", start + 3)), context());
  expect(findings).toEqual([
    {
      rule: "CKV_K8S_43",
      resource: expect.stringMatching(/^dev-bitcoin\/kubernetes_stateful_set_v1\.coinstack_workload_stateful-set_/),
      projectChecks: ["B2"],
      suppressedBecause: expect.stringMatching(/^waived as project check B2: a development environment follows the release tags/),
    },
  ]);
  expect(sarif.runs![0]!.results![0]).toMatchObject({ suppressions: [{ kind: "external", justification: findings[0]!.suppressedBecause }], properties: { projectChecks: ["B2"] } });
});

it("leaves open a finding no waiver and no suppression accepts", () => {
  const { start } = lineOf("kubernetes_stateful_set_v1.");
  const { findings } = triageSarif(sarifOf(result("CKV_K8S_99", "dev-bitcoin/cdk.tf.json", start)), context());
  expect(findings).toEqual([{ rule: "CKV_K8S_99", resource: expect.stringMatching(/^dev-bitcoin\/kubernetes_stateful_set_v1\./), projectChecks: [] }]);
});

it("suppresses a finding config/scanner/suppressions.yaml accepts for that rule and resource, with its reason", () => {
  const { start } = lineOf("kubernetes_namespace_v1.");
  const suppressions = [{ rule: "CKV_K8S_21", resource: "dev-*/kubernetes_namespace_v1.*", reason: "namespaces are the resources themselves, not objects placed in one" }];
  const { findings } = triageSarif(sarifOf(result("CKV_K8S_21", "dev-bitcoin/cdk.tf.json", start), result("CKV_K8S_21", "prod-bitcoin/cdk.tf.json", 1)), context({ suppressions }));
  expect(findings.map((f) => f.suppressedBecause)).toEqual([suppressions[0]!.reason, undefined]);
  expect(findings[1]!.resource).toBe("prod-bitcoin/cdk.tf.json:1");
});

describe("config/scanner/suppressions.yaml", () => {
  it("ships valid (and empty until a real scan's findings are reviewed)", () => {
    expect(loadScanSuppressions()).toEqual([]);
  });
  it("refuses an entry without its reason, or for no scanner rule, naming the key", () => {
    const bad = () => parseScanSuppressions("suppressions:\n  - {rule: k8s-43, resource: 'dev-*/kubernetes_job_v1.*', reason: ok}\n");
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/suppressions\[0\]\.rule: expected a scanner rule id such as CKV_K8S_43, got "k8s-43"/);
    expect(bad).toThrow(/suppressions\[0\]\.reason: expected a reason \(at least 20 characters\) for accepting the finding, got "ok"/);
  });
});

describe("scripts/scan-triage.ts", () => {
  function run(results: object[]) {
    const dir = tempDir("coinstacks-scan");
    mkdirSync(join(dir, "stacks", "dev-bitcoin"), { recursive: true });
    writeFileSync(join(dir, "stacks", "dev-bitcoin", "cdk.tf.json"), TEXT);
    writeFileSync(join(dir, "checkov.sarif"), JSON.stringify(sarifOf(...results)));
    const out = spawnSync(process.execPath, ["--require", "./scripts/ts-hook.cjs", "scripts/scan-triage.ts", join(dir, "checkov.sarif"), join(dir, "triaged.sarif"), join(dir, "stacks")], { cwd: join(__dirname, "..", ".."), encoding: "utf8" });
    return { status: out.status, stdout: out.stdout };
  }
  it("exits 1 on an open finding, naming it as an annotation", () => {
    const { status, stdout } = run([result("CKV_K8S_99", "dev-bitcoin/cdk.tf.json", lineOf("kubernetes_stateful_set_v1.").start)]);
    expect(status).toBe(1);
    expect(stdout).toMatch(/^1 finding\(s\): 0 accepted with a reason, 1 open$/m);
    expect(stdout).toMatch(/^::error title=scanner finding CKV_K8S_99::dev-bitcoin\/kubernetes_stateful_set_v1\.\S+; fix it, or accept it with a reason in config\/scanner\/suppressions\.yaml$/m);
  });
});
