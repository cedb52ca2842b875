import type { Construct } from "constructs";
import { StateBucket } from "../lib/aws/state-bucket";
import type { EnvironmentConfig } from "../lib/config/schema";
import { environmentAwsProvider } from "../lib/core/aws-provider";
import { stateLocation } from "../lib/core/backend";
import { EnvironmentStack } from "../lib/core/environment-stack";
import { awsNames } from "../lib/core/names";

/**
 * `<env>-bootstrap`: the state bucket and its KMS key. Its own state stays in a
 * local file until `backend.bootstrapStateInBucket` is set and the state is
 * migrated (README, "Bootstrap").
 */
export class BootstrapStack extends EnvironmentStack {
  readonly stateBucket: StateBucket;

  constructor(scope: Construct, id: string, env: EnvironmentConfig) {
    super(scope, id, { env, localState: !(env.backend.type === "s3" && env.backend.bootstrapStateInBucket) });
    const location = stateLocation(env);
    if (!env.aws || !location) throw new Error(`${id}: the bootstrap stack exists only for the s3 backend`);
    environmentAwsProvider(this, env.aws, env.name, id);
    this.stateBucket = new StateBucket(this, "state", {
      bucketName: location.bucket,
      keyAlias: awsNames.stateKeyAlias(env.namePrefix, env.name),
      accountId: env.aws.accountId,
      // The schema requires stateWriters when there is no cluster to default to.
      writerRoleArns: (env.backend.type === "s3" && env.backend.stateWriters) || env.cluster?.adminRoleArns || [],
      readerRoleArns: env.backend.type === "s3" ? env.backend.stateReaders : [],
    });
  }
}
