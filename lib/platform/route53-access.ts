import type { PolicyStatement } from "../aws/kms-key";

/** The hosted zone an add-on may write, and nothing else. */
export function hostedZoneArn(zoneId: string): string {
  return `arn:aws:route53:::hostedzone/${zoneId}`;
}

/** Statements for writing records in one zone (DNS-01 TXT records, external-dns records). */
export function zoneRecordStatements(zoneId: string, sid: string): Omit<PolicyStatement, "Principal">[] {
  return [
    {
      Sid: `${sid}WriteZone`,
      Effect: "Allow",
      Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResource"],
      Resource: hostedZoneArn(zoneId),
    },
  ];
}
