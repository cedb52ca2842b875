/** Checklist section I: Terraform state backend and the state bucket. */
import { BACKEND, type Check, type Finding, type PolicyObject, type StackView } from "../check";
import { integer, list, one } from "../json";

/** The resources of `type` that configure this bucket (their `bucket` references it). */
function companions(stack: StackView, bucket: PolicyObject, type: string): PolicyObject[] {
  return stack.resources(type).filter((r) => stack.referenced(r.body.bucket)?.name === bucket.name);
}

function bucketCheck(id: string, upstream: string[], title: string, type: string, problems: (companion: any) => Finding[], missing: Finding): Check {
  return {
    id,
    upstream,
    title,
    appliesTo: ["aws_s3_bucket"],
    evaluate: (object, stack) => {
      const found = companions(stack, object, type);
      return found.length === 0 ? [missing] : found.flatMap((c) => problems(c.body));
    },
  };
}

/** Managed resources whose generated value Terraform stores in state (random_password.result, random_id.hex, random_bytes.base64). */
const STATEFUL_GENERATORS = ["random_password", "random_id", "random_bytes"] as const;

export const stateChecks: readonly Check[] = [
  {
    id: "I1",
    upstream: ["Terraform S3 backend docs (no scanner checks the backend)"],
    title: "S3 backend: encrypted with KMS, S3-native locking, region and key set",
    appliesTo: [BACKEND],
    selects: (object) => object.name === "s3",
    evaluate: (object) => {
      const body = object.body;
      const expected: [string, boolean][] = [
        ["encrypt = true", body.encrypt === true],
        ["kms_key_id", Boolean(body.kms_key_id)],
        ["use_lockfile = true", body.use_lockfile === true],
        ["region", Boolean(body.region)],
        ["key", Boolean(body.key)],
      ];
      return expected.filter(([, ok]) => !ok).map(([setting]) => ({ what: `backend s3 lacks ${setting}`, fix: `set ${setting} (lib/core/backend.ts)` }));
    },
  },
  bucketCheck("I2", ["CKV_AWS_21", "AVD-AWS-0090"], "bucket versioning enabled", "aws_s3_bucket_versioning",
    (v) => (one(v.versioning_configuration)?.status === "Enabled" ? [] : [{ what: `versioning status ${one(v.versioning_configuration)?.status}`, fix: "set status Enabled" }]),
    { what: "no aws_s3_bucket_versioning", fix: "enable versioning (state recovery)" }),
  bucketCheck("I3", ["CKV_AWS_19", "CKV_AWS_145", "AVD-AWS-0088", "AVD-AWS-0132"], "default encryption with KMS", "aws_s3_bucket_server_side_encryption_configuration",
    (c) => {
      const rule = one(one(c.rule)?.apply_server_side_encryption_by_default) ?? {};
      return rule.sse_algorithm === "aws:kms" && rule.kms_master_key_id ? [] : [{ what: `default encryption ${JSON.stringify(rule)}`, fix: "use aws:kms with the state key" }];
    },
    { what: "no default encryption configuration", fix: "add SSE-KMS with the state key" }),
  bucketCheck("I4", ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093"], "public access blocked", "aws_s3_bucket_public_access_block",
    (c) => {
      const off = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].filter((k) => c[k] !== true);
      return off.length > 0 ? [{ what: `${off.join(", ")} not true`, fix: "set all four flags true" }] : [];
    },
    { what: "no public access block", fix: "add aws_s3_bucket_public_access_block with all four flags" }),
  bucketCheck("I5", ["CKV2_AWS_65"], "ACLs disabled", "aws_s3_bucket_ownership_controls",
    (c) => (one(c.rule)?.object_ownership === "BucketOwnerEnforced" ? [] : [{ what: `object_ownership ${one(c.rule)?.object_ownership}`, fix: "use BucketOwnerEnforced" }]),
    { what: "no ownership controls", fix: "set object_ownership BucketOwnerEnforced" }),
  bucketCheck("I6", ["AWS FSBP S3.5", "CKV_AWS_379"], "TLS-only bucket policy", "aws_s3_bucket_policy",
    (c) => {
      let statements: any[] = [];
      try {
        statements = list(JSON.parse(String(c.policy)).Statement);
      } catch {
        statements = [];
      }
      const denies = statements.some((s) => s.Effect === "Deny" && String(s.Condition?.Bool?.["aws:SecureTransport"]) === "false");
      return denies ? [] : [{ what: "the bucket policy does not deny aws:SecureTransport = false", fix: "deny every request without TLS" }];
    },
    { what: "no bucket policy", fix: "add a policy denying aws:SecureTransport = false" }),
  bucketCheck("I7", ["CKV2_AWS_61", "CKV_AWS_300"], "old versions expire, incomplete uploads abort", "aws_s3_bucket_lifecycle_configuration",
    (c) => {
      const rules = list(c.rule).filter((r) => r.status === "Enabled");
      const findings: Finding[] = [];
      if (!rules.some((r) => integer(one(r.noncurrent_version_expiration)?.noncurrent_days))) findings.push({ what: "no noncurrent version expiration", fix: "expire noncurrent versions after N days" });
      if (!rules.some((r) => integer(one(r.abort_incomplete_multipart_upload)?.days_after_initiation))) findings.push({ what: "incomplete multipart uploads never abort", fix: "abort them after a few days" });
      return findings;
    },
    { what: "no lifecycle configuration", fix: "expire noncurrent versions and abort incomplete uploads" }),
  {
    id: "I8",
    upstream: ["Terraform docs (force_destroy)"],
    title: "the bucket cannot be force-destroyed",
    appliesTo: ["aws_s3_bucket"],
    evaluate: (object) => (object.body.force_destroy === false ? [] : [{ what: `force_destroy is ${object.body.force_destroy ?? "unset"}`, fix: "set force_destroy = false explicitly" }]),
  },
  {
    id: "I10",
    upstream: ["Terraform docs: sensitive data in state; ephemeral resources (Terraform >= 1.10)"],
    title: "no generated secret is a managed resource (its value would be in state and plan)",
    appliesTo: [...STATEFUL_GENERATORS],
    evaluate: (object) => [
      {
        what: `${object.type} keeps its generated value in Terraform state and in every plan`,
        fix: "generate it with an ephemeral random_password (lib/core/ephemeral-password.ts) written through a write-only attribute such as kubernetes_secret_v1.data_wo",
      },
    ],
  },
  {
    id: "I11",
    upstream: ["kubernetes provider docs: secret_v1 data_wo / data_wo_revision"],
    title: "Secrets are written only through write-only attributes, with a revision",
    appliesTo: ["kubernetes_secret_v1", "kubernetes_secret"],
    evaluate: (object) => {
      const findings: Finding[] = [];
      for (const [attribute, writeOnly] of [["data", "data_wo"], ["binary_data", "binary_data_wo"]] as const) {
        if (object.body[attribute] !== undefined && object.body[attribute] !== null) {
          findings.push({ what: `${attribute} is stored in Terraform state and shown in plans`, fix: `write the values through ${writeOnly} with ${writeOnly}_revision` });
        }
        const revision = integer(object.body[`${writeOnly}_revision`]);
        if (object.body[writeOnly] !== undefined && !(revision !== undefined && revision >= 1)) {
          findings.push({ what: `${writeOnly} without ${writeOnly}_revision >= 1: the provider writes nothing and the Secret stays empty`, fix: `set ${writeOnly}_revision (1 + the rotation count from config)` });
        }
      }
      return findings;
    },
  },
];
