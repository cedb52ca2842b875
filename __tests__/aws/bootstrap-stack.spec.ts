/**
 * Build point 5: the bootstrap stack creates the environment's state bucket
 * (versioned, SSE-KMS with a rotating key, never public, TLS only, old
 * versions expired, protected from destroy) and keeps its own state in a
 * local file until it is migrated into the bucket.
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { onlyResource, policyDocument, ref, resourcesOf, shippedEnvironment, type SynthesizedStack, variantOf } from "../helpers/synth";

const dev = shippedEnvironment("dev");
const synthesized = Testing.synth(new BootstrapStack(Testing.app(), "dev-bootstrap", dev));
const json = JSON.parse(synthesized) as SynthesizedStack;

const [bucketName] = resourcesOf(json, "aws_s3_bucket")[0]!;
const [keyName] = resourcesOf(json, "aws_kms_key")[0]!;
const bucketId = ref("aws_s3_bucket", bucketName, "id");

describe("the bootstrap stack's resources", () => {
  it("are one state bucket with one of each bucket setting, one key and one alias", () => {
    const counts = Object.fromEntries(Object.entries(json.resource).map(([type, byName]) => [type, Object.keys(byName).length]));
    expect(counts).toEqual({
      aws_kms_alias: 1,
      aws_kms_key: 1,
      aws_s3_bucket: 1,
      aws_s3_bucket_lifecycle_configuration: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_policy: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_s3_bucket_versioning: 1,
    });
  });
});

describe("the state bucket", () => {
  it("is named <prefix>-<env>-tfstate, the bucket the s3 backend points at", () => {
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, { bucket: "coinstacks-dev-tfstate" });
  });

  it("is versioned", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, { bucket: bucketId, versioning_configuration: { status: "Enabled" } });
  });

  it("encrypts objects with SSE-KMS under its own key, with an S3 bucket key", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      bucket: bucketId,
      rule: [
        {
          apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: ref("aws_kms_key", keyName, "arn") },
          bucket_key_enabled: true,
        },
      ],
    });
  });

  it("blocks every kind of public access", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      bucket: bucketId,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("disables ACLs (BucketOwnerEnforced)", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketOwnershipControls, { bucket: bucketId, rule: { object_ownership: "BucketOwnerEnforced" } });
  });

  it("denies every request that does not use TLS, on the bucket and its objects", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketPolicy, { bucket: bucketId });
    const arn = ref("aws_s3_bucket", bucketName, "arn");
    expect(policyDocument(onlyResource(json, "aws_s3_bucket_policy").policy).Statement).toContainEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("expires old noncurrent state versions, and only those", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      bucket: bucketId,
      rule: [
        expect.objectContaining({
          status: "Enabled",
          noncurrent_version_expiration: [{ noncurrent_days: 90, newer_noncurrent_versions: 10 }],
        }),
      ],
    });
    const [rule] = onlyResource(json, "aws_s3_bucket_lifecycle_configuration").rule;
    expect(rule.expiration).toBeUndefined();
  });

  it("cannot be destroyed by Terraform, nor emptied by a destroy", () => {
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, { lifecycle: { prevent_destroy: true }, force_destroy: false });
  });
});

describe("the state key", () => {
  it("rotates", () => {
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
  });

  it("cannot be destroyed by Terraform", () => {
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { lifecycle: { prevent_destroy: true } });
  });

  it("is administered by the environment's own account only", () => {
    const statements = policyDocument(onlyResource(json, "aws_kms_key").policy).Statement;
    expect([...new Set(statements.map((s) => JSON.stringify(s.Principal)))]).toEqual([JSON.stringify({ AWS: "arn:aws:iam::111111111111:root" })]);
  });

  it("has the alias the s3 backend names as its kms_key_id", () => {
    expect(synthesized).toHaveResourceWithProperties(KmsAlias, {
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
    const stack = JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), "dev-bootstrap", migrated))) as SynthesizedStack;
    expect(stack.terraform.backend).toEqual({
      s3: expect.objectContaining({ bucket: "coinstacks-dev-tfstate", key: "dev/dev-bootstrap.tfstate", use_lockfile: true, encrypt: true }),
    });
  });

  it("is in the bucket for prod, which ships migrated", () => {
    const prod = JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), "prod-bootstrap", shippedEnvironment("prod")))) as SynthesizedStack;
    expect(prod.terraform.backend.s3).toMatchObject({ bucket: "coinstacks-prod-tfstate", key: "prod/prod-bootstrap.tfstate" });
  });
});

describe("the AWS provider of the bootstrap stack", () => {
  it("may touch only the environment's account, in its region", () => {
    expect(synthesized).toHaveProviderWithProperties(AwsProvider, { region: "us-east-2", allowed_account_ids: ["111111111111"] });
  });

  it("is configured once", () => {
    expect(json.provider!.aws).toHaveLength(1);
  });
});

describe("the bootstrap stack", () => {
  it("exists only for the s3 backend", () => {
    const local = shippedEnvironment("local");
    expect(() => new BootstrapStack(Testing.app(), "local-bootstrap", local)).toThrow("exists only for the s3 backend");
  });
});
