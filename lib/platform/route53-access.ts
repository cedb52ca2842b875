import type { PolicyStatement } from "../aws/kms-key";

/** The hosted zone an add-on may write, and nothing else. */
export function hostedZoneArn(zoneId: string): string {
  return `arn:aws:route53:::hostedzone/${zoneId}`;
}

/** Which records of the zone an add-on may change. */
export interface RecordScope {
  /** Record names, lower case without the trailing dot, as IAM compares them; `*` matches any characters. */
  readonly names: readonly string[];
  readonly types: readonly string[];
  /** Change actions (CREATE, UPSERT, DELETE). @default any */
  readonly actions?: readonly string[];
  /** Names the add-on may never change, even where `names` would match. @default none */
  readonly forbiddenNames?: readonly string[];
}

/** Records of the DNS-01 challenges cert-manager presents (`_acme-challenge.<host>`). */
export const ACME_CHALLENGE_RECORDS = "_acme-challenge.*";

/**
 * Statements for one zone: read it, and change only the records in `scope`. Every record of a
 * ChangeResourceRecordSets batch must match (ForAllValues; Route53 always sets these keys for that action,
 * so an empty set cannot slip through), otherwise the whole batch is refused.
 */
export function zoneRecordStatements(zoneId: string, sid: string, scope: RecordScope): Omit<PolicyStatement, "Principal">[] {
  const zone = hostedZoneArn(zoneId);
  const statements: Omit<PolicyStatement, "Principal">[] = [
    { Sid: `${sid}ReadZone`, Effect: "Allow", Action: ["route53:ListResourceRecordSets", "route53:ListTagsForResource"], Resource: zone },
    {
      Sid: `${sid}WriteOwnRecords`,
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: zone,
      Condition: {
        "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [...scope.names] },
        "ForAllValues:StringEquals": {
          "route53:ChangeResourceRecordSetsRecordTypes": [...scope.types],
          ...(scope.actions ? { "route53:ChangeResourceRecordSetsActions": [...scope.actions] } : {}),
        },
      },
    },
  ];
  if (scope.forbiddenNames && scope.forbiddenNames.length > 0) {
    statements.push({
      Sid: `${sid}NeverOthersRecords`,
      Effect: "Deny",
      Action: "route53:ChangeResourceRecordSets",
      Resource: zone,
      Condition: { "ForAnyValue:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [...scope.forbiddenNames] } },
    });
  }
  return statements;
}
