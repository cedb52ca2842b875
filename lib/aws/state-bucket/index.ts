import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { RotatingKey } from "../kms-key";
import { terraformJson } from "../../core/terraform-text";

export interface StateBucketProps {
  readonly bucketName: string;
  readonly keyAlias: string;
  readonly accountId: string;
  /** IAM roles that may read and write state objects and use the key (deploy and operator roles). */
  readonly writerRoleArns: readonly string[];
  /** IAM roles that may only read state objects (plan roles). @default [] */
  readonly readerRoleArns?: readonly string[];
  /**
   * Days a replaced or deleted state version is kept before it expires.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Replaced versions always kept regardless of age.
   * @default 10
   */
  readonly noncurrentVersionsKept?: number;
}

/**
 * The S3 bucket that holds an environment's Terraform state: versioned,
 * SSE-KMS with a rotating key, never public, TLS-only, readable only by the named
 * roles (writers read and write, readers only read; the key follows the same list),
 * and protected from destroy.
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly key: RotatingKey;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const readers = props.readerRoleArns ?? [];
    this.key = new RotatingKey(this, "kms", {
      alias: props.keyAlias,
      description: `Terraform state in s3://${props.bucketName}`,
      accountId: props.accountId,
      users: { writers: props.writerRoleArns, readers: readers },
    });
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;
    new S3BucketVersioningA(this, "versioning", {
      bucket,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.key.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketPolicy(this, "policy", { bucket, policy: terraformJson(statePolicy(this.bucket.arn, props.writerRoleArns, readers)) });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "expire-old-state-versions",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [
            {
              noncurrentDays: props.noncurrentVersionRetentionDays ?? 90,
              newerNoncurrentVersions: props.noncurrentVersionsKept ?? 10,
            },
          ],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
  }
}

/** TLS only; state objects for the named roles only, and writable by the writers only. */
function statePolicy(bucketArn: string, writers: readonly string[], readers: readonly string[]) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        // State objects are for the named roles only; bucket-level actions stay with IAM so an
        // administrator can still repair this policy.
        Sid: "DenyStateToUnnamedPrincipals",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`${bucketArn}/*`],
        Condition: { ArnNotLike: { "aws:PrincipalArn": [...writers, ...readers] } },
      },
      {
        Sid: "DenyStateWritesToReaders",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:RestoreObject"],
        Resource: [`${bucketArn}/*`],
        Condition: { ArnNotLike: { "aws:PrincipalArn": [...writers] } },
      },
    ],
  };
}
