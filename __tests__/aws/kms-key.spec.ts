/** RotatingKey (lib/aws/kms-key) on its own, synthesized with `Testing.synthScope`. */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { cloudWatchLogsStatement, type RotatingKeyProps, RotatingKey } from "../../lib/aws/kms-key";

const PROPS: RotatingKeyProps = { alias: "alias/example", description: "example key", accountId: "123456789012" };
const synthKey = (props: Partial<RotatingKeyProps> = {}): string => Testing.synthScope((scope) => new RotatingKey(scope, "key", { ...PROPS, ...props }));
const statementsOf = (synthesized: string): any[] => JSON.parse((Object.values<any>(JSON.parse(synthesized).resource.aws_kms_key)[0]).policy).Statement;

describe("a RotatingKey", () => {
  const synthesized = synthKey();

  it("rotates yearly", () => {
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { description: "example key", enable_key_rotation: true });
  });
  it("waits the longest deletion window, 30 days, unless told otherwise", () => {
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { deletion_window_in_days: 30 });
    expect(synthKey({ deletionWindowInDays: 7 })).toHaveResourceWithProperties(KmsKey, { deletion_window_in_days: 7 });
  });
  it("cannot be destroyed by Terraform", () => {
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { lifecycle: { prevent_destroy: true } });
  });
  it("is administered by its account's root principal only, never by *", () => {
    expect(statementsOf(synthesized)).toEqual([
      { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
    ]);
  });
  it("adds the extra statements after the account's", () => {
    const logs = cloudWatchLogsStatement("us-east-2", "123456789012");
    expect(statementsOf(synthKey({ extraStatements: [logs] })).map((s) => s.Sid)).toEqual(["AccountAdministers", "CloudWatchLogsUse"]);
  });
  it("has its alias pointing at the key", () => {
    expect(synthesized).toHaveResourceWithProperties(KmsAlias, { name: "alias/example", target_key_id: expect.stringMatching(/^\$\{aws_kms_key\.[\w-]+\.key_id\}$/) });
  });
});
