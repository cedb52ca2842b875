import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { allFindings, blockingFindings, changedStacks, diffSynthDirs, type SynthDiffReport } from "../../lib/ci/synth-diff";
import { formatPath } from "../../lib/policy/attribute-paths";
import { renderMarkdown, renderText } from "../../lib/ci/synth-diff-render";
import { synthCoin } from "../helpers/coinstack";
import { clone, firstOf, only, writeSynth } from "./fixtures";

const ROOT = join(__dirname, "..", "..");

/** A real coin stack (dev bitcoin, kubeconfig access) and a small hand-written AWS stack. */
const coin = synthCoin("bitcoin") as unknown as Record<string, any>;
const aws: Record<string, any> = {
  terraform: { backend: { s3: { bucket: "coinstacks-dev-tfstate", key: "dev/dev-bootstrap.tfstate", region: "us-east-2" } } },
  resource: {
    aws_s3_bucket: { state: { bucket: "coinstacks-dev-tfstate", lifecycle: { prevent_destroy: true } } },
    aws_kms_key: { state: { description: "state", enable_key_rotation: true } },
    aws_eks_cluster: { cluster: { name: "coinstacks-dev", role_arn: "${aws_iam_role.cluster.arn}", vpc_config: { subnet_ids: ["${aws_subnet.a.id}", "${aws_subnet.b.id}"] } } },
  },
};

const baseDir = writeSynth({ "dev-aws": { json: aws }, "dev-bitcoin": { json: coin, dependencies: ["dev-aws"] } });

/** Diffs the base against a copy changed by `mutate`. */
function diffWith(mutate: (stacks: { aws: Record<string, any>; coin: Record<string, any> }) => void): SynthDiffReport {
  const next = { aws: clone(aws), coin: clone(coin) };
  mutate(next);
  const headDir = writeSynth({ "dev-aws": { json: next.aws }, "dev-bitcoin": { json: next.coin, dependencies: ["dev-aws"] } });
  return diffSynthDirs(baseDir, headDir, { base: "base", head: "head" });
}

const stack = (report: SynthDiffReport, name: string) => report.stacks.find((s) => s.stack === name)!;
const resource = (report: SynthDiffReport, name: string, address: string) => stack(report, name).resources.find((r) => r.address === address);

const pvc = (json: Record<string, any>) => firstOf(json, "kubernetes_persistent_volume_claim_v1");
const sts = (json: Record<string, any>) => only(json, "kubernetes_stateful_set_v1");

describe("synth diff on fixtures", () => {
  it("reports nothing when the synths are identical", () => {
    const report = diffWith(() => undefined);
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["dev-aws", "unchanged"],
      ["dev-bitcoin", "unchanged"],
    ]);
    expect(allFindings(report)).toEqual([]);
    expect(changedStacks(report)).toEqual([]);
    expect(renderText(report)).toContain("0 of 2 stack(s) differ; no data-bearing resource is replaced or destroyed");
  });

  it("lists added resources by address, without flags", () => {
    const report = diffWith(({ coin }) => {
      coin.resource.kubernetes_config_map_v1.extra = { metadata: { name: "extra", namespace: "bitcoin" }, data: { a: "b" } };
    });
    expect(stack(report, "dev-bitcoin").resources).toEqual([
      expect.objectContaining({ address: "kubernetes_config_map_v1.extra", kind: "added", findings: [] }),
    ]);
    expect(changedStacks(report)).toEqual(["dev-bitcoin"]);
    expect(renderText(report)).toContain("dev-bitcoin: 1 added, 0 changed, 0 removed\n  + kubernetes_config_map_v1.extra");
  });

  it("shows a larger claim as an in-place change, not a replacement", () => {
    let address = "";
    const report = diffWith(({ coin }) => {
      const claim = pvc(coin);
      address = `kubernetes_persistent_volume_claim_v1.${claim.name}`;
      claim.body.spec.resources.requests.storage = "2000Gi";
    });
    expect(resource(report, "dev-bitcoin", address)).toEqual(
      expect.objectContaining({ kind: "changed", paths: ["spec.resources.requests.storage"], findings: [] }),
    );
    expect(blockingFindings(report)).toEqual([]);
    expect(renderText(report)).not.toMatch(/REPLACE!|DESTROY!/);
  });

  it("flags a smaller claim: the provider replaces the claim when its request shrinks", () => {
    const report = diffWith(({ coin }) => {
      pvc(coin).body.spec.resources.requests.storage = "1Gi";
    });
    expect(blockingFindings(report)).toEqual([
      expect.objectContaining({ severity: "replace", path: "spec.resources.requests.storage", reason: "a smaller storage request forces a new claim" }),
    ]);
  });

  it("flags a StatefulSet service_name change as REPLACE!", () => {
    let address = "";
    const report = diffWith(({ coin }) => {
      const set = sts(coin);
      address = `kubernetes_stateful_set_v1.${set.name}`;
      set.body.spec.service_name = "bitcoin-renamed";
    });
    const diff = resource(report, "dev-bitcoin", address)!;
    expect(diff.paths).toEqual(["spec.service_name"]);
    expect(diff.findings).toEqual([expect.objectContaining({ severity: "replace", path: "spec.service_name" })]);
    const text = renderText(report);
    expect(text).toContain(`~ ${address}  (spec.service_name)`);
    expect(text).toContain("REPLACE! spec.service_name: forces replacement");
    expect(text).toContain("data-bearing resources flagged: 1 replacement(s)");
  });

  it("honours lifecycle.ignore_changes: the frozen claim templates may change without a replacement", () => {
    const report = diffWith(({ coin }) => {
      sts(coin).body.spec.volume_claim_template[0].spec.resources.requests.storage = "999Gi";
    });
    const diff = stack(report, "dev-bitcoin").resources[0]!;
    expect(diff.paths).toEqual([]);
    expect(diff.ignoredPaths).toEqual(["spec.volume_claim_template[0].spec.resources.requests.storage"]);
    expect(diff.findings).toEqual([]);
    expect(renderText(report)).toContain("ignored by lifecycle.ignore_changes");
  });

  it("flags the removal of a data-bearing resource as DESTROY!, and not of others", () => {
    let claimAddress = "";
    const report = diffWith(({ coin }) => {
      const claim = pvc(coin);
      claimAddress = `kubernetes_persistent_volume_claim_v1.${claim.name}`;
      delete coin.resource.kubernetes_persistent_volume_claim_v1[claim.name];
      delete coin.resource.kubernetes_network_policy_v1;
    });
    const removed = stack(report, "dev-bitcoin").resources.filter((r) => r.kind === "removed");
    expect(removed.map((r) => r.address)).toContain(claimAddress);
    expect(removed.filter((r) => r.findings.length > 0).map((r) => r.address)).toEqual([claimAddress]);
    expect(blockingFindings(report)).toEqual([expect.objectContaining({ severity: "destroy", address: claimAddress })]);
    expect(renderText(report)).toContain(`  - ${claimAddress}\n      DESTROY! removed from the configuration: destroys a synced chain volume`);
  });

  it("follows references: renaming the namespace replaces the claims and the StatefulSet in it", () => {
    const report = diffWith(({ coin }) => {
      only(coin, "kubernetes_namespace_v1").body.metadata.name = "bitcoin-new";
    });
    const replaced = blockingFindings(report).map((f) => f.address.split(".")[0]);
    expect(replaced).toEqual(
      expect.arrayContaining(["kubernetes_namespace_v1", "kubernetes_persistent_volume_claim_v1", "kubernetes_stateful_set_v1"]),
    );
    const cascaded = blockingFindings(report).find((f) => f.address.startsWith("kubernetes_stateful_set_v1"))!;
    expect(cascaded).toEqual(expect.objectContaining({ path: "metadata.namespace", reason: expect.stringContaining("refers to kubernetes_namespace_v1.") }));
  });

  it("treats a moved block as a move, not a destroy", () => {
    let from = "";
    const report = diffWith(({ coin }) => {
      const claim = pvc(coin);
      from = `kubernetes_persistent_volume_claim_v1.${claim.name}`;
      delete coin.resource.kubernetes_persistent_volume_claim_v1[claim.name];
      coin.resource.kubernetes_persistent_volume_claim_v1.renamed = claim.body;
      coin.moved = [{ from, to: "kubernetes_persistent_volume_claim_v1.renamed" }];
    });
    const moved = resource(report, "dev-bitcoin", "kubernetes_persistent_volume_claim_v1.renamed")!;
    expect(moved).toEqual(expect.objectContaining({ kind: "moved", movedFrom: from, paths: [], findings: [] }));
    expect(blockingFindings(report)).toEqual([]);
  });

  it("knows the AWS data-bearing types: bucket rename and key usage replace, EKS subnets are a caution", () => {
    const report = diffWith(({ aws }) => {
      aws.resource.aws_s3_bucket.state.bucket = "renamed-tfstate";
      aws.resource.aws_kms_key.state.key_usage = "SIGN_VERIFY";
      aws.resource.aws_eks_cluster.cluster.vpc_config.subnet_ids = ["${aws_subnet.c.id}"];
    });
    const findings = allFindings(report).map((f) => [f.address, f.severity, f.path]);
    expect(findings).toEqual(
      expect.arrayContaining([
        ["aws_s3_bucket.state", "replace", "bucket"],
        ["aws_kms_key.state", "replace", "key_usage"],
        ["aws_eks_cluster.cluster", "caution", "vpc_config.subnet_ids"],
      ]),
    );
    expect(renderText(report)).toContain("CAUTION! vpc_config.subnet_ids:");
  });

  it("says a pod template change restarts every pod (a scripts change), without failing", () => {
    const report = diffWith(({ coin }) => {
      sts(coin).body.spec.template.metadata.annotations["coinstacks.io/scripts-checksum"] = "changed";
    });
    expect(allFindings(report).map((f) => [f.severity, f.path, f.reason])).toEqual([
      ["caution", "spec.template", expect.stringContaining("every pod restarts: a rolling update from the highest ordinal down to updatePartition")],
    ]);
    expect(blockingFindings(report)).toEqual([]);
  });

  it("copes with stacks added and removed, and flags a backend move", () => {
    const headDir = writeSynth({
      "dev-aws": { json: { ...clone(aws), terraform: { backend: { s3: { ...aws.terraform.backend.s3, key: "elsewhere.tfstate" } } } } },
      "dev-new": { json: { resource: { null_resource: { a: {} } } }, dependencies: ["dev-aws"] },
    });
    const report = diffSynthDirs(baseDir, headDir);
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["dev-aws", "changed"],
      ["dev-new", "added"],
      ["dev-bitcoin", "removed"],
    ]);
    expect(stack(report, "dev-aws").settings).toEqual(["terraform.backend.s3.key"]);
    expect(stack(report, "dev-aws").findings).toEqual([expect.objectContaining({ severity: "caution", reason: expect.stringContaining("state backend changed") })]);
    expect(stack(report, "dev-bitcoin").findings).toEqual([expect.objectContaining({ severity: "caution", reason: expect.stringContaining("no longer synthesized") })]);
    expect(changedStacks(report)).toEqual(["dev-aws", "dev-new"]);
    const text = renderText(report);
    expect(text).toContain("dev-new: stack added (1 resources)");
    expect(text).toContain("dev-bitcoin: stack removed (had");
    expect(blockingFindings(report)).toEqual([]);
  });

  it("never folds an empty section in the PR comment: an added stack says its first plan creates everything", () => {
    const headDir = writeSynth({
      "dev-aws": { json: clone(aws) },
      "dev-bitcoin": { json: clone(coin), dependencies: ["dev-aws"] },
      "dev-new": { json: { resource: { null_resource: { a: {}, b: {} } } }, dependencies: ["dev-aws"] },
    });
    const markdown = renderMarkdown(diffSynthDirs(baseDir, headDir));
    const section = markdown.slice(markdown.indexOf("<summary>dev-new"), markdown.indexOf("</details>", markdown.indexOf("<summary>dev-new")));
    expect(section).toContain("+ every one of its 2 resources is created by its first plan");
  });

  it("renders markdown for the PR comment with the markers and one folded section per changed stack", () => {
    const report = diffWith(({ coin }) => {
      sts(coin).body.spec.service_name = "x";
    });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("> [!CAUTION]");
    expect(markdown).toMatch(/\*\*REPLACE!\*\* `dev-bitcoin` `kubernetes_stateful_set_v1\.[^`]+` `spec\.service_name`/);
    expect(markdown).toContain("<details><summary>dev-bitcoin: 0 added, 1 changed, 0 removed</summary>");
    expect(markdown).toContain("Unchanged: `dev-aws`");
  });

  it("formats paths the way Terraform writes them", () => {
    expect(formatPath(["spec", 0, "template", "metadata", "labels", "app.kubernetes.io/name"])).toBe('spec[0].template.metadata.labels["app.kubernetes.io/name"]');
  });
});

describe("npm run synth:diff (the CLI) on --from/--to directories", () => {
  const headDir = (() => {
    const next = clone(coin);
    sts(next).body.spec.service_name = "renamed";
    return writeSynth({ "dev-aws": { json: aws }, "dev-bitcoin": { json: next, dependencies: ["dev-aws"] } });
  })();
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ["--require", join(ROOT, "scripts", "ts-hook.cjs"), join(ROOT, "scripts", "synth-diff.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "" } });

  it("prints the plain markers without color and exits 0 whatever it finds", () => {
    const result = cli("--from", baseDir, "--to", headDir, "--no-color");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("REPLACE! spec.service_name");
    expect(result.stdout).not.toContain("\x1b[");
  });

  it("colors flagged lines red when asked, and exits 1 with --fail-on-replace", () => {
    const result = cli("--from", baseDir, "--to", headDir, "--color", "--fail-on-replace");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("\x1b[31m      REPLACE! spec.service_name");
  });

  it("exits 0 with --fail-on-replace when nothing is flagged, and 2 on a missing synth", () => {
    expect(cli("--from", baseDir, "--to", baseDir, "--fail-on-replace").status).toBe(0);
    const missing = cli("--from", join(baseDir, "nope"), "--to", baseDir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("manifest.json not found");
  });
});
