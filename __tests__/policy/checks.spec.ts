/**
 * Policy checks (checklist sections A-J): the shipped environments pass them
 * all (with the documented waivers), and each check fails on a bad input.
 */
import { formatViolation, type StackJson } from "../../lib/policy/check";
import { CHECK_IDS } from "../../lib/config/check-ids";
import { CHECKS } from "../../lib/policy/checks";
import { evaluateStack } from "../../lib/policy/evaluate";
import { policyTotals } from "../../lib/policy/report";
import { shippedSynthesis } from "../helpers/synth";

const synthesis = shippedSynthesis();
/** Port roles of the bitcoin coinstack (coinstacks/utxo definitions), which the coin stack declares to its policy. */
const BITCOIN_PORTS = { portRoles: new Map([[8332, "rpc"], [8333, "p2p"], [8001, "api"]]) };

describe("the shipped environments", () => {
  const totals = policyTotals(synthesis.reports);
  it("are evaluated in every stack", () => {
    expect(synthesis.reports.map((r) => r.stack).sort()).toEqual([...synthesis.stacks.keys()].sort());
    expect(totals.evaluated).toBeGreaterThan(500);
  });
  it("have no violation", () => {
    expect(synthesis.reports.flatMap((r) => r.violations.map(formatViolation))).toEqual([]);
  });
  it("need only the documented waivers: B3 in each environment, B2 in dev and local and per coin in prod, H3 in dev", () => {
    expect(totals.waivers.map((w) => `${w.waiver.origin} ${w.waiver.check}`).sort()).toEqual([
      "config/dev.yaml: policy.waivers[0] B3",
      "config/dev.yaml: policy.waivers[1] B2",
      "config/dev.yaml: policy.waivers[2] H3",
      "config/local.yaml: policy.waivers[0] B3",
      "config/local.yaml: policy.waivers[1] B2",
      "config/prod.yaml: policy.waivers[0] B3",
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16].map((i) => `config/prod.yaml: policy.waivers[${i}] B2`),
    ].sort());
  });
});

describe("the registry", () => {
  it("implements exactly the ids the config schema accepts in waivers", () => {
    expect([...new Set(CHECKS.map((c) => c.id))].sort()).toEqual([...CHECK_IDS].sort());
  });
  it("cites upstream ids and says what each check is for", () => {
    for (const check of CHECKS) {
      expect({ id: check.id, cites: check.upstream.length > 0, titled: check.title.length > 5 }).toEqual({ id: check.id, cites: true, titled: true });
    }
  });
});

const fixture = (stack: string): StackJson => structuredClone(synthesis.stacks.get(stack)!);
const only = (json: StackJson, type: string): any => Object.values(json.resource![type]!)[0];
const ofType = (json: StackJson, type: string): any[] => Object.values(json.resource![type] ?? {});
const sts = (json: StackJson) => only(json, "kubernetes_stateful_set_v1");
const pod = (json: StackJson) => sts(json).spec.template.spec;
const daemon = (json: StackJson) => pod(json).container[0];
const manifest = (json: StackJson, kind: string) => ofType(json, "kubernetes_manifest").find((m) => m.manifest.kind === kind).manifest;
const bucketPart = (type: string) => (json: StackJson) => delete json.resource![type];

/** [check, stack, how the input is broken] */
const BAD_INPUTS: [string, string, (json: StackJson) => unknown][] = [
  ["A1", "prod-bitcoin", (j) => (daemon(j).security_context.run_as_non_root = false)],
  ["A2", "prod-bitcoin", (j) => (daemon(j).security_context.run_as_user = "1000")],
  ["A3", "prod-bitcoin", (j) => delete daemon(j).security_context.allow_privilege_escalation],
  ["A4", "prod-bitcoin", (j) => (daemon(j).security_context.privileged = true)],
  ["A5", "prod-bitcoin", (j) => (daemon(j).security_context.capabilities = { drop: ["ALL"], add: ["NET_ADMIN"] })],
  ["A6", "prod-bitcoin", (j) => (daemon(j).security_context.seccomp_profile = { type: "Unconfined" })],
  ["A7", "prod-bitcoin", (j) => (daemon(j).security_context.read_only_root_filesystem = false)],
  ["A8", "prod-bitcoin", (j) => (pod(j).host_network = true)],
  ["A9", "prod-bitcoin", (j) => pod(j).volume.push({ name: "docker", host_path: { path: "/var/run/docker.sock" } })],
  ["A10", "prod-bitcoin", (j) => delete pod(j).automount_service_account_token],
  ["A11", "prod-bitcoin", (j) => delete daemon(j).resources.limits.memory],
  ["A12", "prod-bitcoin", (j) => delete daemon(j).liveness_probe],
  ["A13", "prod-bitcoin", (j) => daemon(j).env.push({ name: "RPC_PASSWORD", value: "hunter2hunter2" })],
  ["A14", "prod-bitcoin", (j) => (manifest(j, "PodDisruptionBudget").metadata.namespace = "default")],
  ["A15", "prod-bitcoin", (j) => (pod(j).termination_grace_period_seconds = 30)],
  ["A16", "prod-bitcoin", (j) => delete pod(j).security_context.fs_group_change_policy],
  ["A17", "prod-bitcoin", (j) => (daemon(j).command = ["/bin/sh", "-c", "bitcoind -datadir=/data"])],
  ["B1", "prod-bitcoin", (j) => (daemon(j).image = "shapeshiftdao/bitcoin-core:latest")],
  ["B2", "prod-bitcoin", (j) => (daemon(j).image = "shapeshiftdao/bitcoin-core:26.0@sha256:" + "a".repeat(63))],
  ["B3", "prod-bitcoin", (j) => (daemon(j).image_pull_policy = "Never")],
  ["B4", "prod-bitcoin", (j) => (daemon(j).image = "ghcr.io/someone/bitcoin-core:26.0")],
  ["C1", "prod-bitcoin", (j) => (only(j, "kubernetes_service_v1").spec.type = "LoadBalancer")],
  ["C2", "prod-bitcoin", (j) => (manifest(j, "IngressRoute").spec.routes[0].services[0].port = 8332)],
  ["C3", "prod-bitcoin", (j) => (sts(j).spec.service_name = "missing-headless")],
  ["C4", "prod-bitcoin", (j) => (manifest(j, "IngressRoute").spec.entryPoints = ["web"])],
  ["C5", "prod-bitcoin", (j) => (manifest(j, "Certificate").spec.privateKey.rotationPolicy = "Never")],
  ["D1", "prod-bitcoin", (j) => (ofType(j, "kubernetes_network_policy_v1").find((p) => p.metadata.name === "default-deny").spec.policy_types = ["Ingress"])],
  ["D2", "prod-bitcoin", (j) => (ofType(j, "kubernetes_network_policy_v1")[0].spec.pod_selector = { match_labels: { app: "nothing" } })],
  ["D3", "prod-bitcoin", (j) => (ofType(j, "kubernetes_network_policy_v1").find((p) => p.metadata.name === "allow-p2p").spec.egress[0].to[0].ip_block.except = [])],
  ["D4", "prod-cluster", (j) => (ofType(j, "aws_eks_addon").find((a) => a.addon_name === "vpc-cni").configuration_values = "{}")],
  ["E1", "prod-bitcoin", (j) => (manifest(j, "PodDisruptionBudget").spec.selector.matchLabels = { app: "other" })],
  ["E2", "prod-bitcoin", (j) => (manifest(j, "PodDisruptionBudget").spec.maxUnavailable = 0)],
  ["E3", "prod-bitcoin", (j) => delete manifest(j, "PodDisruptionBudget").spec.unhealthyPodEvictionPolicy],
  ["E4", "prod-bitcoin", (j) => delete pod(j).topology_spread_constraint],
  ["F1", "prod-platform", (j) => delete only(j, "kubernetes_storage_class_v1").reclaim_policy],
  ["F2", "prod-bitcoin", (j) => (ofType(j, "kubernetes_persistent_volume_claim_v1")[0].spec.access_modes = ["ReadWriteMany"])],
  ["F3", "prod-bitcoin", (j) => (sts(j).spec.persistent_volume_claim_retention_policy = [{ when_deleted: "Delete", when_scaled: "Retain" }])],
  ["F4", "prod-bitcoin", (j) => delete sts(j).lifecycle.prevent_destroy],
  ["G1", "prod-bitcoin", (j) => (only(j, "kubernetes_namespace_v1").metadata.labels["pod-security.kubernetes.io/enforce"] = "baseline")],
  ["G2", "prod-platform", (j) => (ofType(j, "helm_release")[0].create_namespace = true)],
  ["H1", "prod-cluster", (j) => (only(j, "aws_eks_cluster").vpc_config.public_access_cidrs = ["0.0.0.0/0"])],
  ["H2", "prod-cluster", (j) => delete only(j, "aws_eks_cluster").encryption_config],
  ["H3", "prod-cluster", (j) => only(j, "aws_eks_cluster").enabled_cluster_log_types.pop()],
  ["H4", "prod-cluster", (j) => (only(j, "aws_eks_cluster").version = "1.24")],
  ["H5", "prod-cluster", (j) => (ofType(j, "aws_subnet")[0].map_public_ip_on_launch = true)],
  ["H6", "prod-cluster", (j) => (only(j, "aws_launch_template").metadata_options.http_tokens = "optional")],
  ["H7", "prod-cluster", (j) => (only(j, "aws_eks_cluster").access_config.authentication_mode = "CONFIG_MAP")],
  ["H8", "prod-cluster", (j) => delete ofType(j, "aws_eks_addon").find((a) => a.addon_name === "aws-ebs-csi-driver").pod_identity_association],
  ["H9", "prod-cluster", (j) => delete j.resource!.aws_flow_log],
  ["I1", "prod-cluster", (j) => delete j.terraform!.backend.s3.use_lockfile],
  ["I2", "prod-bootstrap", bucketPart("aws_s3_bucket_versioning")],
  ["I3", "prod-bootstrap", (j) => (only(j, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default.sse_algorithm = "AES256")],
  ["I4", "prod-bootstrap", (j) => (only(j, "aws_s3_bucket_public_access_block").restrict_public_buckets = false)],
  ["I5", "prod-bootstrap", bucketPart("aws_s3_bucket_ownership_controls")],
  ["I6", "prod-bootstrap", (j) => (only(j, "aws_s3_bucket_policy").policy = JSON.stringify({ Statement: [] }))],
  ["I7", "prod-bootstrap", (j) => delete only(j, "aws_s3_bucket_lifecycle_configuration").rule[0].abort_incomplete_multipart_upload],
  ["I8", "prod-bootstrap", (j) => (only(j, "aws_s3_bucket").force_destroy = true)],
  ["I10", "prod-bitcoin", (j) => (j.resource!.random_password = { rpc: { length: 32 } })],
  ["I11", "prod-bitcoin", (j) => (only(j, "kubernetes_secret_v1").data = { "rpc-password": "${random_password.rpc.result}" })],
  ["J1", "prod-platform", (j) => delete ofType(j, "helm_release").find((r) => r.chart === "traefik").version],
  ["J2", "prod-platform", (j) => (ofType(j, "helm_release").find((r) => r.chart === "cert-manager").values = [JSON.stringify({ crds: { enabled: true, keep: false } })])],
  ["J3", "prod-platform", (j) => (j.resource!.kubernetes_manifest = { issuer: { manifest: { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "x" } } } })],
];

describe("each check", () => {
  it("has a bad input below", () => {
    expect([...new Set(BAD_INPUTS.map(([id]) => id))].sort()).toEqual([...CHECK_IDS].sort());
  });

  it.each(BAD_INPUTS)("%s fails on a bad %s", (id, stack, breakIt) => {
    const checks = CHECKS.filter((c) => c.id === id);
    const good = evaluateStack(stack, fixture(stack), checks, { context: BITCOIN_PORTS });
    // The shipped images are pinned by tag (B2, B3 waived in config): for those two, the breakage adds findings.
    const tagPinned = ["B2", "B3"];
    expect(good.violations.filter((v) => !tagPinned.includes(v.check.id))).toEqual([]);
    const json = fixture(stack);
    breakIt(json);
    const bad = evaluateStack(stack, json, checks, { context: BITCOIN_PORTS });
    expect(bad.violations.length).toBeGreaterThan(tagPinned.includes(id) ? good.violations.length - 1 : 0);
    for (const violation of bad.violations) expect(formatViolation(violation)).toMatch(new RegExp(`^${stack}/[a-z0-9_.]+\\.[\\w-]+: ${id} \\[[^\\]]+\\]: .+; fix: .+$`));
  });
});

describe("a waiver", () => {
  const json = fixture("prod-bitcoin");
  daemon(json).security_context.read_only_root_filesystem = false;
  const waiver = { check: "A7", resource: "prod-*/kubernetes_stateful_set_v1.*", reason: "image writes to its root", origin: "test" };
  it("moves a matching violation to the waived list", () => {
    const report = evaluateStack("prod-bitcoin", json, CHECKS, { context: BITCOIN_PORTS, waivers: [waiver] });
    expect(report.waived.filter((w) => w.check.id === "A7").map((w) => w.waiver)).toEqual([waiver]);
    expect(report.violations.filter((v) => v.check.id === "A7")).toEqual([]);
  });
  it("covers only its own check and matching addresses", () => {
    const report = evaluateStack("prod-bitcoin", json, CHECKS, { context: BITCOIN_PORTS, waivers: [{ ...waiver, resource: "dev-*/kubernetes_stateful_set_v1.*" }] });
    expect(report.violations.map((v) => v.check.id)).toContain("A7");
  });
});

describe("data containers", () => {
  const withExtraContainer = (readOnly: boolean): StackJson => {
    const json = fixture("prod-bitcoin");
    const claim = daemon(json).volume_mount[0];
    pod(json).container.push({ name: "bitcoin-daemon-monitor", image: "busybox:1.36", command: ["/bin/sh", "-c", "sleep infinity"], volume_mount: [{ ...claim, read_only: readOnly }] });
    return json;
  };
  const ids = (json: StackJson) => evaluateStack("prod-bitcoin", json, CHECKS.filter((c) => ["A12", "A17"].includes(c.id)), { context: BITCOIN_PORTS }).violations.map((v) => v.check.id);
  it("exclude a readiness monitor that mounts the claim read-only", () => {
    expect(ids(withExtraContainer(true))).toEqual([]);
  });
  it("include any container that mounts the claim writable", () => {
    expect(ids(withExtraContainer(false)).sort()).toEqual(["A12", "A17"]);
  });
});
