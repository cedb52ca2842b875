/**
 * The ForceNew table (lib/policy/replacement.ts) against what this project
 * really synthesizes: every rule path must exist in the provider's schema
 * shape the bindings emit, or a typo would silently disable a guard.
 */
import { join } from "node:path";
import { buildApp } from "../../lib/app";
import { readSynth } from "../../lib/ci/synth";
import { GUARDED_TYPES } from "../../lib/config/guarded-types";
import { loadEnvironments } from "../../lib/config/load";
import { parseTraversal, valuesAt } from "../../lib/policy/attribute-paths";
import { DATA_BEARING_TYPES, replacementFindings } from "../../lib/policy/replacement";
import { tempDir } from "./fixtures";
import { COIN_NAMES } from "../../coinstacks/names";

// dev has every data-bearing type: state bucket and keys (bootstrap), EKS, StorageClass, coin stacks.
const outdir = join(tempDir("replacement"), "cdktf.out");
buildApp({ outdir, environments: loadEnvironments({ coins: COIN_NAMES, only: ["dev"] }) }).synth();
const resources = [...readSynth(outdir).stacks.values()].flatMap((stack) =>
  Object.entries((stack.resource ?? {}) as Record<string, Record<string, any>>).flatMap(([type, byName]) => Object.values(byName).map((body) => ({ type, body }))),
);

/** Rule paths this project sets for each type (others, like outpost_config, are in the table for completeness). */
const SET_BY_THIS_PROJECT: Record<string, string[]> = {
  kubernetes_stateful_set_v1: ["metadata.name", "metadata.namespace", "spec.selector", "spec.service_name", "spec.pod_management_policy", "spec.revision_history_limit", "spec.volume_claim_template"],
  kubernetes_persistent_volume_claim_v1: ["metadata.name", "metadata.namespace", "spec.access_modes", "spec.storage_class_name", "spec.resources.requests.storage"],
  kubernetes_storage_class_v1: ["metadata.name", "parameters", "storage_provisioner", "volume_binding_mode"],
  kubernetes_namespace_v1: ["metadata.name"],
  aws_s3_bucket: ["bucket"],
  aws_eks_cluster: ["name", "role_arn", "vpc_config.subnet_ids"],
};

describe("the data-bearing replacement table", () => {
  it("covers the types the issue names", () => {
    expect(DATA_BEARING_TYPES.map((t) => t.type).sort()).toEqual(
      [
        "aws_backup_vault",
        "aws_ebs_volume",
        "aws_eks_access_entry",
        "aws_eks_cluster",
        "aws_eks_node_group",
        "aws_eks_pod_identity_association",
        "aws_iam_role",
        "aws_kms_key",
        "aws_s3_bucket",
        "kubernetes_namespace_v1",
        "kubernetes_persistent_volume_claim_v1",
        "kubernetes_persistent_volume_v1",
        "kubernetes_secret_v1",
        "kubernetes_stateful_set_v1",
        "kubernetes_storage_class_v1",
        ...["bytes", "id", "integer", "password", "pet", "shuffle", "string", "uuid"].map((kind) => `random_${kind}`),
      ].sort(),
    );
    for (const entry of DATA_BEARING_TYPES) expect(entry.source).toMatch(/terraform-provider-(kubernetes|aws|random) \S+\.go/);
  });
  it("is what the config schema knows as the guarded types (lib/config/guarded-types.ts)", () => {
    expect(DATA_BEARING_TYPES.map((t) => t.type)).toEqual([...GUARDED_TYPES]);
  });

  it.each(Object.entries(SET_BY_THIS_PROJECT))("finds every rule path of %s in the synthesized resources", (type, paths) => {
    const bodies = resources.filter((r) => r.type === type).map((r) => r.body);
    expect(bodies.length).toBeGreaterThan(0);
    for (const path of paths) {
      const table = DATA_BEARING_TYPES.find((t) => t.type === type)!.rules.map((r) => r.path);
      expect(table).toContain(path);
      expect(bodies.some((body) => valuesAt(body, path.split(".")).length > 0)).toBe(true);
    }
  });

  it("reads ignore_changes traversals", () => {
    expect(parseTraversal("spec[0].volume_claim_template")).toEqual(["spec", "volume_claim_template"]);
    expect(parseTraversal('metadata[0].annotations["ebs.csi.aws.com/iops"]')).toEqual(["metadata", "annotations", "ebs.csi.aws.com/iops"]);
  });

  it("applies conditional rules to the values before and after", () => {
    const claim = (storage: string) => ({ spec: [{ resources: [{ requests: { storage } }] }] });
    const changed = [["spec", "resources", "requests", "storage"]];
    expect(replacementFindings("kubernetes_persistent_volume_claim_v1", changed, claim("100Gi"), claim("200Gi"))).toEqual([]);
    expect(replacementFindings("kubernetes_persistent_volume_claim_v1", changed, claim("100Gi"), claim("99Gi"))).toHaveLength(1);
    expect(replacementFindings("kubernetes_persistent_volume_claim_v1", changed, claim("1Ti"), claim("1024Gi"))).toEqual([]);
    const cluster = (encryption: unknown[]) => ({ name: "c", encryption_config: encryption });
    const enc = [["encryption_config"]];
    expect(replacementFindings("aws_eks_cluster", enc, cluster([]), cluster([{ resources: ["secrets"] }]))).toEqual([]);
    expect(replacementFindings("aws_eks_cluster", enc, cluster([{ resources: ["secrets"] }]), cluster([]))).toEqual([
      expect.objectContaining({ severity: "replace", path: "encryption_config" }),
    ]);
  });
});
