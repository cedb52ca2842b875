/**
 * The state bucket and its KMS key serve only named roles: writers (backend.stateWriters, by
 * default cluster.adminRoleArns) read and write state, readers (backend.stateReaders, the plan
 * role) only read it; the account's IAM policies alone no longer open state objects or decrypt them.
 */
import { Testing } from "cdktf";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { onlyResource, policyDocument, shippedEnvironment, synth, variantOf } from "../helpers/synth";

const ADMINS = ["arn:aws:iam::111111111111:role/platform-admin", "arn:aws:iam::111111111111:role/github-deploy-dev"];
const PLAN = "arn:aws:iam::111111111111:role/github-plan-dev";

function bootstrap(env = shippedEnvironment("dev")) {
  return synth(new BootstrapStack(Testing.app(), "dev-bootstrap", env));
}
const json = bootstrap();
const statements = (type: string): any[] => policyDocument(onlyResource(json, type).policy).Statement;
const statement = (type: string, sid: string): any => statements(type).find((s) => s.Sid === sid);

describe("the state bucket policy", () => {
  it("denies state objects to every principal but the writers and readers", () => {
    const deny = statement("aws_s3_bucket_policy", "DenyStateToUnnamedPrincipals");
    expect(deny).toMatchObject({ Effect: "Deny", Principal: "*", Action: "s3:*" });
    expect(deny.Resource).toEqual([expect.stringMatching(/\.arn\}\/\*$/)]);
    expect(deny.Condition).toEqual({ ArnNotLike: { "aws:PrincipalArn": [...ADMINS, PLAN] } });
  });

  it("denies writes and deletes of state objects to readers", () => {
    const deny = statement("aws_s3_bucket_policy", "DenyStateWritesToReaders");
    expect(deny.Action).toEqual(expect.arrayContaining(["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"]));
    expect(deny.Condition).toEqual({ ArnNotLike: { "aws:PrincipalArn": ADMINS } });
  });

  it("takes the writers from backend.stateWriters when given", () => {
    const writer = "arn:aws:iam::111111111111:role/state-writer";
    const stack = bootstrap(variantOf("dev", (input) => (input.backend.stateWriters = [writer])));
    const deny = policyDocument(onlyResource(stack, "aws_s3_bucket_policy").policy).Statement.find((s: any) => s.Sid === "DenyStateWritesToReaders");
    expect(deny.Condition.ArnNotLike["aws:PrincipalArn"]).toEqual([writer]);
  });
});

describe("the state key policy", () => {
  it("leaves the account administration of the key but no cryptographic operation", () => {
    const admin = statement("aws_kms_key", "AccountAdministers");
    expect(admin.Action).not.toContain("kms:*");
    expect(admin.Action.filter((a: string) => /Decrypt|Encrypt|GenerateDataKey/.test(a))).toEqual([]);
  });

  it("lets the writers encrypt and decrypt, and the readers only decrypt", () => {
    const writers = statement("aws_kms_key", "NamedWritersUse");
    expect(writers.Action).toEqual(expect.arrayContaining(["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"]));
    expect(writers.Condition).toEqual({ ArnLike: { "aws:PrincipalArn": ADMINS } });
    const readers = statement("aws_kms_key", "NamedReadersDecrypt");
    expect(readers.Action).toEqual(["kms:Decrypt", "kms:DescribeKey"]);
    expect(readers.Condition).toEqual({ ArnLike: { "aws:PrincipalArn": [PLAN] } });
  });
});

describe("state access in config", () => {
  it("refuses a role of another account, naming file, key and the account", () => {
    expect(() => variantOf("dev", (input) => (input.backend.stateReaders = ["arn:aws:iam::999999999999:role/plan"]))).toThrow(
      /config\/dev\.yaml: backend\.stateReaders\[0\]: expected a role in the environment's account 111111111111 \(aws\.accountId\)/,
    );
  });

  it("refuses something that is not a role ARN", () => {
    expect(() => variantOf("dev", (input) => (input.backend.stateWriters = ["arn:aws:iam::111111111111:user/alice"]))).toThrow(/config\/dev\.yaml: backend\.stateWriters\[0\]: expected an IAM role ARN/);
  });

  it("requires the writers when there is no cluster to take them from", () => {
    const build = () =>
      variantOf("local", (input) => {
        input.aws = { region: "us-east-2", accountId: "111111111111" };
        input.backend = { type: "s3" };
      });
    expect(build).toThrow(/config\/local\.yaml: backend\.stateWriters: expected the IAM role ARNs that may write the state/);
  });
});
