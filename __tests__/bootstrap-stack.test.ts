/**
 * Build point 5: the bootstrap stack creates the environment's state bucket
 * (versioned, SSE-KMS with a rotating key, never public, TLS only, old
 * versions expired, protected from destroy) and keeps its own state in a
 * local file until it is migrated into the bucket.
 */
import { BootstrapStack } from "../stacks/bootstrap-stack";
import { Testing } from "cdktf";
import { onlyResource, policyDocument, ref, resourcesOf, shippedEnvironment, synth, type SynthesizedStack, variantOf } from "./helpers/synth";

const dev = shippedEnvironment("dev");
const json: SynthesizedStack = synth(new BootstrapStack(Testing.app(), "dev-bootstrap", dev));

const [bucketName] = resourcesOf(json, "aws_s3_bucket")[0]!;
const [keyName] = resourcesOf(json, "aws_kms_key")[0]!;
const bucketId = ref("aws_s3_bucket", bucketName, "id");

describe("the state bucket", () => {
  it("is named <prefix>-<env>-tfstate, the bucket the s3 backend points at", () => {
    expect(onlyResource(json, "aws_s3_bucket").bucket).toBe("coinstacks-dev-tfstate");
  });

  it("is versioned", () => {
    expect(onlyResource(json, "aws_s3_bucket_versioning")).toMatchObject({
      bucket: bucketId,
      versioning_configuration: { status: "Enabled" },
    });
  });

  it("encrypts objects with SSE-KMS under its own key, with an S3 bucket key", () => {
    const encryption = onlyResource(json, "aws_s3_bucket_server_side_encryption_configuration");
    expect(encryption.bucket).toBe(bucketId);
    expect(encryption.rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: ref("aws_kms_key", keyName, "arn") },
        bucket_key_enabled: true,
      },
    ]);
  });

  it("blocks every kind of public access", () => {
    expect(onlyResource(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      bucket: bucketId,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("disables ACLs (BucketOwnerEnforced)", () => {
    expect(onlyResource(json, "aws_s3_bucket_ownership_controls")).toMatchObject({
      bucket: bucketId,
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  it("denies every request that does not use TLS, on the bucket and its objects", () => {
    const policy = onlyResource(json, "aws_s3_bucket_policy");
    expect(policy.bucket).toBe(bucketId);
    const arn = ref("aws_s3_bucket", bucketName, "arn");
    expect(policyDocument(policy.policy).Statement).toContainEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("expires old noncurrent state versions", () => {
    const lifecycle = onlyResource(json, "aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.bucket).toBe(bucketId);
    expect(lifecycle.rule).toHaveLength(1);
    const [rule] = lifecycle.rule;
    expect(rule.status).toBe("Enabled");
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90, newer_noncurrent_versions: 10 }]);
    expect(rule.expiration).toBeUndefined();
  });

  it("cannot be destroyed by Terraform, nor emptied by a destroy", () => {
    const bucket = onlyResource(json, "aws_s3_bucket");
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.force_destroy).toBe(false);
  });
});

describe("the state key", () => {
  it("rotates", () => {
    expect(onlyResource(json, "aws_kms_key").enable_key_rotation).toBe(true);
  });

  it("cannot be destroyed by Terraform", () => {
    expect(onlyResource(json, "aws_kms_key").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("is administered by the environment's own account only", () => {
    const statements = policyDocument(onlyResource(json, "aws_kms_key").policy).Statement;
    expect([...new Set(statements.map((s) => JSON.stringify(s.Principal)))]).toEqual([JSON.stringify({ AWS: "arn:aws:iam::111111111111:root" })]);
  });

  it("has the alias the s3 backend names as its kms_key_id", () => {
    expect(onlyResource(json, "aws_kms_alias")).toMatchObject({
      name: "alias/coinstacks-dev-tfstate",
      target_key_id: ref("aws_kms_key", keyName, "key_id"),
    });
  });
});

describe("the bootstrap stack's own state", () => {
  it("is a local file while backend.bootstrapStateInBucket is false", () => {
    expect(dev.backend).toMatchObject({ type: "s3", bootstrapStateInBucket: false });
    expect(json.terraform.backend).toEqual({ local: { path: "../../../state/dev-bootstrap.tfstate" } });
  });

  it("moves into the bucket, under <env>/<env>-bootstrap.tfstate, once bootstrapStateInBucket is true", () => {
    const migrated = variantOf("dev", (input) => (input.backend = { type: "s3", bootstrapStateInBucket: true }));
    const stack = synth(new BootstrapStack(Testing.app(), "dev-bootstrap", migrated));
    expect(stack.terraform.backend).toEqual({
      s3: expect.objectContaining({ bucket: "coinstacks-dev-tfstate", key: "dev/dev-bootstrap.tfstate", use_lockfile: true, encrypt: true }),
    });
  });

  it("is in the bucket for prod, which ships migrated", () => {
    const prod = synth(new BootstrapStack(Testing.app(), "prod-bootstrap", shippedEnvironment("prod")));
    expect(prod.terraform.backend.s3).toMatchObject({ bucket: "coinstacks-prod-tfstate", key: "prod/prod-bootstrap.tfstate" });
  });
});

describe("the AWS provider of the bootstrap stack", () => {
  it("may touch only the environment's account, in its region", () => {
    expect(json.provider!.aws).toEqual([
      expect.objectContaining({ region: "us-east-2", allowed_account_ids: ["111111111111"] }),
    ]);
  });
});

describe("the bootstrap stack", () => {
  it("exists only for the s3 backend", () => {
    const local = shippedEnvironment("local");
    expect(() => new BootstrapStack(Testing.app(), "local-bootstrap", local)).toThrow("exists only for the s3 backend");
  });
});
