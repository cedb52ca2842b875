import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import type { AwsConfig } from "../config/schema";
import { defaultTags } from "./names";

/** The AWS provider of an environment's stack: pinned to its one account, tagging everything. */
export function environmentAwsProvider(scope: Construct, aws: AwsConfig, env: string, stackId: string): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region: aws.region,
    allowedAccountIds: [aws.accountId],
    defaultTags: [{ tags: defaultTags(env, stackId) }],
  });
}
