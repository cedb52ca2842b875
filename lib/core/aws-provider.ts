import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import type { AwsConfig } from "../config/schema";
import { defaultTags } from "./names";

/** The same provider for another region of the environment's account, under an alias (`aws.<alias>`). */
export function regionalAwsProvider(scope: Construct, aws: AwsConfig, env: string, stackId: string, region: string): AwsProvider {
  return new AwsProvider(scope, `aws-${region}`, {
    alias: region.replace(/-/g, "_"),
    region,
    allowedAccountIds: [aws.accountId],
    defaultTags: [{ tags: defaultTags(env, stackId) }],
  });
}

/** The AWS provider of an environment's stack: pinned to its one account, tagging everything. */
export function environmentAwsProvider(scope: Construct, aws: AwsConfig, env: string, stackId: string): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region: aws.region,
    allowedAccountIds: [aws.accountId],
    defaultTags: [{ tags: defaultTags(env, stackId) }],
  });
}
