/**
 * Chooses each stack's state backend from the environment's `backend` config.
 * Cross-stack references read the producer's state through the matching
 * remote-state data source, which cdktf derives from the backend set here.
 */
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../config/schema";
import { awsNames, localStatePath, stateKey } from "./names";

/** Where the environment's state bucket and its KMS key are. */
export interface StateLocation {
  readonly bucket: string;
  readonly region: string;
  readonly kmsKeyArn: string;
}

/** The S3 state location of an environment that uses the s3 backend. */
export function stateLocation(env: EnvironmentConfig): StateLocation | undefined {
  if (env.backend.type !== "s3" || !env.aws) return undefined;
  const region = env.backend.region ?? env.aws.region;
  return {
    bucket: env.backend.bucket ?? awsNames.stateBucket(env.namePrefix, env.name),
    region,
    kmsKeyArn:
      env.backend.kmsKeyArn ??
      `arn:aws:kms:${region}:${env.aws.accountId}:${awsNames.stateKeyAlias(env.namePrefix, env.name)}`,
  };
}

/**
 * Attaches the environment's backend to a stack.
 * @param forceLocal keep state in a local file (the bootstrap stack before its state is migrated)
 */
export function configureBackend(stack: TerraformStack, env: EnvironmentConfig, stackId: string, forceLocal = false): void {
  const backend = env.backend;
  if (forceLocal || backend.type === "local") {
    new LocalBackend(stack, { path: localStatePath(stackId) });
    return;
  }
  if (backend.type === "cloud") {
    new CloudBackend(stack, {
      organization: backend.organization,
      hostname: backend.hostname,
      workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix}${stackId}`),
    });
    return;
  }
  const location = stateLocation(env);
  if (!location || !env.aws) throw new Error(`${env.name}: the s3 backend needs aws settings (validated in config)`);
  const s3 = new S3Backend(stack, {
    bucket: location.bucket,
    key: stateKey(env.name, stackId),
    region: location.region,
    encrypt: true,
    kmsKeyId: location.kmsKeyArn,
    allowedAccountIds: [env.aws.accountId],
  });
  // cdktf 0.21's S3BackendConfig has no useLockfile; S3-native locking replaces DynamoDB (Terraform >= 1.10).
  s3.addOverride("use_lockfile", true);
}
