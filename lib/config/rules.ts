/**
 * Building blocks for the config schema. Each rule carries one message that
 * says what is allowed; the loader appends the offending value, so every error
 * reads `file: key.path: expected …, got …`.
 */
import { z } from "zod";

/** An integer in [min, max]. */
export function integer(min: number, max?: number): z.ZodNumber {
  const allowed =
    max === undefined ? `expected an integer >= ${min}` : `expected an integer between ${min} and ${max}`;
  const schema = z.number({ error: allowed }).int({ error: allowed }).min(min, { error: allowed });
  return max === undefined ? schema : schema.max(max, { error: allowed });
}

/** One of a fixed set of strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, { error: `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });
}

export function bool(): z.ZodBoolean {
  return z.boolean({ error: "expected true or false" });
}

/** A string matching `pattern`; `description` says in words what that is. */
export function matching(pattern: RegExp, description: string): z.ZodString {
  return z.string({ error: `expected ${description}` }).regex(pattern, { error: `expected ${description}` });
}

/** RFC 1123 label: what Kubernetes accepts for names of namespaces, services and ports' owners. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function dnsLabel(maxLength = 63): z.ZodString {
  const allowed = `expected a lowercase RFC 1123 label (a-z, 0-9, "-", at most ${maxLength} characters)`;
  return matching(DNS_LABEL, allowed.slice("expected ".length)).max(maxLength, { error: allowed });
}

/** A fully qualified DNS name such as `example.com`. */
export function domainName(): z.ZodString {
  const allowed = "expected a lowercase DNS name such as example.com";
  return z
    .string({ error: allowed })
    .max(253, { error: allowed })
    .regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/, { error: allowed });
}

/** Validates an IPv4 CIDR block, including that the address has no host bits set. */
export function isIpv4Cidr(value: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!match) return false;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return false;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const hostBits = 2 ** (32 - prefix);
  return address % hostBits === 0;
}

export function ipv4Cidr(): z.ZodString {
  const allowed = "expected an IPv4 CIDR block with no host bits set, such as 10.0.0.0/16";
  return z.string({ error: allowed }).refine(isIpv4Cidr, { error: allowed });
}

/** A range of the cluster's own network; the whole internet is refused (nothing would be public). */
export function internalCidr(): z.ZodString {
  const allowed = "expected an IPv4 CIDR block of the cluster's network such as 10.0.0.0/8 (0.0.0.0/0 is refused)";
  return z
    .string({ error: allowed })
    .refine((value) => isIpv4Cidr(value) && !value.endsWith("/0"), { error: allowed });
}

/** A CIDR from which the EKS API may be reached publicly; the whole internet is refused. */
export function publicAccessCidr(): z.ZodString {
  const allowed = "expected a specific IPv4 CIDR block such as 203.0.113.0/24 (0.0.0.0/0 is refused)";
  return z
    .string({ error: allowed })
    .refine((value) => isIpv4Cidr(value) && !value.endsWith("/0"), { error: allowed });
}

export function awsAccountId(): z.ZodString {
  return matching(/^\d{12}$/, 'a 12-digit AWS account id in quotes, such as "123456789012"');
}

/**
 * Every AWS region, from the AWS documentation "Regions and Availability Zones"
 * (docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html) and the
 * partitions of the AWS SDKs' endpoint data, as of 2025-11: the commercial partition, GovCloud
 * (aws-us-gov) and China (aws-cn). A region opened later is added here; until then synth refuses it.
 */
export const AWS_REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "cn-north-1",
  "cn-northwest-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
] as const;

const AWS_REGION_SET: ReadonlySet<string> = new Set(AWS_REGIONS);

export function awsRegion(): z.ZodString {
  const allowed = "expected an AWS region such as us-east-2";
  return z.string({ error: allowed }).refine((value) => AWS_REGION_SET.has(value), { error: allowed });
}

/** An availability zone name such as us-east-2a: a region's name and a letter. */
export const AVAILABILITY_ZONE = /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/;

/** Whether an availability zone name (`us-east-2a`) lies in `region`. */
export function zoneInRegion(zone: string, region: string): boolean {
  return zone.length === region.length + 1 && zone.startsWith(region) && /[a-z]$/.test(zone);
}

/**
 * Why S3 would refuse a general purpose bucket name, or undefined when it accepts it
 * (AWS S3 User Guide, "General purpose bucket naming rules", as of 2025-11).
 */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "3 to 63 characters";
  if (!/^[a-z0-9.-]+$/.test(name)) return "only lowercase letters, digits, dots and hyphens";
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return "starting and ending with a letter or digit";
  if (name.includes("..")) return "no two adjacent dots";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "not formatted as an IP address";
  const prefix = ["xn--", "sthree-", "amzn-s3-demo-"].find((p) => name.startsWith(p));
  if (prefix) return `not starting with the reserved prefix ${prefix}`;
  const suffix = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((s) => name.endsWith(s));
  if (suffix) return `not ending with the reserved suffix ${suffix}`;
  return undefined;
}

export function s3BucketName(): z.ZodString {
  const allowed = "expected an S3 bucket name AWS accepts: 3 to 63 of a-z 0-9 . -, starting and ending with a letter or digit";
  return z.string({ error: allowed }).superRefine((name, ctx) => {
    const problem = s3BucketNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", input: name, message: `expected an S3 bucket name AWS accepts (${problem})` });
  });
}

export function iamRoleArn(): z.ZodString {
  return matching(
    /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
    "an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admin",
  );
}

export function kmsKeyArn(): z.ZodString {
  return matching(
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[\w/-]+)$/,
    "a KMS key or alias ARN such as arn:aws:kms:us-east-2:123456789012:alias/tfstate",
  );
}

export function route53ZoneId(): z.ZodString {
  return matching(/^Z[A-Z0-9]{1,31}$/, "a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ");
}

/** Kubernetes label keys and values, as the API server validates them. */
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) return false;
  return prefix === undefined || (prefix.length <= 253 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(prefix));
}
export function isLabelValue(value: string): boolean {
  return value === "" || (value.length <= 63 && LABEL_NAME.test(value));
}

const LABEL_KEY_ALLOWED = "expected a Kubernetes label key (optional DNS prefix and '/', then at most 63 of A-Z a-z 0-9 - _ .)";
const LABEL_VALUE_ALLOWED = "expected a Kubernetes label value (at most 63 of A-Z a-z 0-9 - _ ., starting and ending alphanumeric)";

/** A label key; taint and toleration keys follow the same rule. */
export function labelKey(): z.ZodString {
  return z.string({ error: LABEL_KEY_ALLOWED }).refine(isLabelKey, { error: LABEL_KEY_ALLOWED });
}

/** A label value; taint and toleration values follow the same rule. */
export function labelValue(): z.ZodString {
  return z.string({ error: LABEL_VALUE_ALLOWED }).refine(isLabelValue, { error: LABEL_VALUE_ALLOWED });
}

export function labelMap(): z.ZodRecord<z.ZodString, z.ZodString> {
  return z.record(labelKey(), labelValue());
}

/** An AWS resource name prefix: lowercase, starts with a letter, short enough for every derived name. */
export function namePrefix(): z.ZodString {
  return matching(/^[a-z][a-z0-9-]{0,19}$/, "a lowercase name starting with a letter, at most 20 characters (a-z, 0-9, -)");
}

/**
 * The default of `network.internalCidrs`: where a cluster's own addresses can be when config cannot say: RFC 1918 (VPCs, kind/k3d/minikube pod and
 * service ranges, EKS service CIDRs 10.100.0.0/16 or 172.20.0.0/16) and 100.64.0.0/10 (EKS custom networking pods).
 */
export const DEFAULT_INTERNAL_CIDRS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] as const;

/** A time in UTC such as 2026-12-05T00:00:00Z. */
export function utcTime(): z.ZodString {
  return z.string().refine((text) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text) && !Number.isNaN(Date.parse(text)), {
    error: "expected a UTC time such as 2026-12-05T00:00:00Z",
  });
}

export function reasonFor(what: string): z.ZodString {
  return z.string().min(20, { error: `expected a reason (at least 20 characters) for ${what}` });
}
