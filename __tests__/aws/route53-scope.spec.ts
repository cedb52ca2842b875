/**
 * Issue 13, item 10: cert-manager may change only the DNS-01 challenge TXT records, external-dns only
 * the records under the environment's domain of the types it publishes, and never a challenge record.
 */
import { helmRelease, helmValues, policyDocument, resourcesOf, type SynthesizedStack, synthShipped } from "../helpers/synth";

const dev = synthShipped("dev").json["dev-platform"]!;
const prod = synthShipped("prod").json["prod-platform"]!;

/** The inline policy statements of the role associated with a namespace's service account. */
function statementsFor(stack: SynthesizedStack, namespace: string): any[] {
  const [, association] = resourcesOf(stack, "aws_eks_pod_identity_association").find(([, a]) => a.namespace === namespace)!;
  const roleId = /^\$\{aws_iam_role\.([\w-]+)\.arn\}$/.exec(association.role_arn)![1]!;
  const [, inline] = resourcesOf(stack, "aws_iam_role_policy").find(([, p]) => p.role === `\${aws_iam_role.${roleId}.id}`)!;
  return policyDocument(inline.policy).Statement;
}

const changes = (statements: any[], effect: string) =>
  statements.filter((s) => s.Effect === effect && [s.Action].flat().includes("route53:ChangeResourceRecordSets"));

describe("cert-manager's Route53 role", () => {
  const statements = statementsFor(dev, "cert-manager");

  it("changes only _acme-challenge records", () => {
    for (const s of changes(statements, "Allow")) {
      expect(s.Condition["ForAllValues:StringLike"]).toEqual({ "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"] });
    }
    expect(changes(statements, "Allow")).toHaveLength(1);
  });

  it("changes only TXT records, by UPSERT (present) and DELETE (clean up)", () => {
    const [write] = changes(statements, "Allow");
    expect(write.Condition["ForAllValues:StringEquals"]).toEqual({
      "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
      "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"],
    });
  });

  it("writes only the environment's zone", () => {
    for (const [stack, zone] of [[dev, "Z0123456789DEVZONE"], [prod, "Z0123456789PRODZONE"]] as const) {
      for (const s of changes(statementsFor(stack, "cert-manager"), "Allow")) expect(s.Resource).toBe(`arn:aws:route53:::hostedzone/${zone}`);
    }
  });
});

describe("external-dns' Route53 role", () => {
  it("changes only names under the environment's domain (dev.<root> in dev, <root> in prod)", () => {
    const [devWrite] = changes(statementsFor(dev, "external-dns"), "Allow");
    const [prodWrite] = changes(statementsFor(prod, "external-dns"), "Allow");
    expect(devWrite.Condition["ForAllValues:StringLike"]).toEqual({ "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["*.dev.coinstacks.example.com"] });
    expect(prodWrite.Condition["ForAllValues:StringLike"]).toEqual({ "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["*.coinstacks.example.com"] });
  });

  it("changes only the types it publishes: A and AAAA aliases, CNAMEs and its TXT ownership records", () => {
    const [write] = changes(statementsFor(dev, "external-dns"), "Allow");
    expect(write.Condition["ForAllValues:StringEquals"]).toEqual({ "route53:ChangeResourceRecordSetsRecordTypes": ["A", "AAAA", "CNAME", "TXT"] });
  });

  it("is denied any change that touches a DNS-01 challenge record", () => {
    const [deny] = changes(statementsFor(dev, "external-dns"), "Deny");
    expect(deny.Condition).toEqual({ "ForAnyValue:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"] } });
    expect(deny.Resource).toBe("arn:aws:route53:::hostedzone/Z0123456789DEVZONE");
  });

  it("filters on the same domain it may write", () => {
    expect(helmValues(helmRelease(dev, "external-dns")).domainFilters).toEqual(["dev.coinstacks.example.com"]);
    expect(helmValues(helmRelease(prod, "external-dns")).domainFilters).toEqual(["coinstacks.example.com"]);
  });
});
