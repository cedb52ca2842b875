/** Checklist section H: EKS control plane, nodes and VPC. */
import { SUPPORTED_KUBERNETES_VERSIONS } from "../../config/schema";
import type { Check, Finding, PolicyObject, StackView } from "../check";
import { integer, list, one } from "../json";

export const CLUSTER_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
export const MIN_CLUSTER_LOG_RETENTION_DAYS = 365;

/** Parsed IAM/KMS policy document statements (empty when it is not literal JSON). */
function statements(policy: unknown): any[] {
  try {
    return list((JSON.parse(String(policy)) as { Statement?: unknown }).Statement);
  } catch {
    return [];
  }
}

function referencedAll(stack: StackView, values: unknown): PolicyObject[] {
  return list(values).flatMap((value) => stack.referenced(value) ?? []);
}

export const eksChecks: readonly Check[] = [
  {
    id: "H1",
    upstream: ["CKV_AWS_38", "CKV_AWS_39", "AVD-AWS-0040", "AVD-AWS-0041", "CIS EKS 5.4.1", "CIS EKS 5.4.2"],
    title: "API endpoint private, or public only to listed CIDRs",
    appliesTo: ["aws_eks_cluster"],
    evaluate: (object) => {
      const vpc = one(object.body.vpc_config) ?? {};
      const findings: Finding[] = [];
      if (vpc.endpoint_private_access !== true) findings.push({ what: "endpoint_private_access is not true", fix: "enable the private endpoint (nodes and in-VPC runners use it)" });
      if (vpc.endpoint_public_access !== false) {
        const cidrs = list(vpc.public_access_cidrs);
        if (cidrs.length === 0 || cidrs.includes("0.0.0.0/0")) findings.push({ what: `public endpoint open to ${cidrs.length === 0 ? "everyone (provider default)" : "0.0.0.0/0"}`, fix: "list specific CIDRs in cluster.endpoint.publicAccessCidrs, or none for a private endpoint" });
      }
      return findings;
    },
  },
  {
    id: "H2",
    upstream: ["CKV_AWS_58", "AVD-AWS-0039", "CIS EKS 5.3.1"],
    title: "Secrets envelope-encrypted with a customer-managed key of the stack",
    appliesTo: ["aws_eks_cluster"],
    evaluate: (object, stack) => {
      const encryption = one(object.body.encryption_config);
      const key = stack.referenced(one(encryption?.provider)?.key_arn);
      return list(encryption?.resources).includes("secrets") && key?.type === "aws_kms_key"
        ? []
        : [{ what: "encryption_config does not encrypt secrets with a KMS key of this stack", fix: 'set encryption_config { resources = ["secrets"], provider.key_arn = <the stack\'s aws_kms_key> }' }];
    },
  },
  {
    id: "H2",
    upstream: ["CKV_AWS_7", "AVD-AWS-0065", "CKV_AWS_33"],
    title: "KMS keys rotate and their policy names no wildcard principal",
    appliesTo: ["aws_kms_key"],
    evaluate: (object) => {
      const findings: Finding[] = [];
      if (object.body.enable_key_rotation !== true) findings.push({ what: "enable_key_rotation is not true", fix: "set enable_key_rotation = true" });
      if (object.body.policy === undefined) findings.push({ what: "no explicit key policy", fix: "give the key a policy that delegates to the account" });
      const open = statements(object.body.policy).filter((s) => s.Effect === "Allow" && (s.Principal === "*" || list(s.Principal?.AWS).includes("*")));
      if (open.length > 0) findings.push({ what: `statement ${open[0].Sid ?? "(unnamed)"} allows principal "*"`, fix: "name the account or roles" });
      return findings;
    },
  },
  {
    id: "H3",
    upstream: ["CKV_AWS_37", "AVD-AWS-0038", "CIS EKS 2.1.1"],
    title: "all five control-plane log types",
    appliesTo: ["aws_eks_cluster"],
    evaluate: (object) => {
      const missing = CLUSTER_LOG_TYPES.filter((type) => !list(object.body.enabled_cluster_log_types).includes(type));
      return missing.length > 0 ? [{ what: `enabled_cluster_log_types lacks ${missing.join(", ")}`, fix: `enable ${CLUSTER_LOG_TYPES.join(", ")}` }] : [];
    },
  },
  {
    id: "H3",
    upstream: ["CKV_AWS_338", "CKV_AWS_158", "AVD-AWS-0017", "CKV_AWS_66"],
    title: `control-plane log group kept >= ${MIN_CLUSTER_LOG_RETENTION_DAYS} days; every log group KMS-encrypted`,
    appliesTo: ["aws_cloudwatch_log_group"],
    evaluate: (object) => {
      const findings: Finding[] = [];
      if (!object.body.kms_key_id) findings.push({ what: "kms_key_id not set", fix: "encrypt the log group with the stack's logs key" });
      const retention = integer(object.body.retention_in_days);
      if (/^\/aws\/eks\/.+\/cluster$/.test(String(object.body.name)) && (retention === undefined || retention < MIN_CLUSTER_LOG_RETENTION_DAYS)) {
        findings.push({ what: `retention_in_days ${object.body.retention_in_days ?? "unset"}`, fix: `keep control-plane logs at least ${MIN_CLUSTER_LOG_RETENTION_DAYS} days (cluster.logRetentionDays)` });
      }
      return findings;
    },
  },
  {
    id: "H4",
    upstream: ["CKV_AWS_339"],
    title: "a supported Kubernetes version",
    appliesTo: ["aws_eks_cluster"],
    evaluate: (object) =>
      (SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(String(object.body.version))
        ? []
        : [{ what: `version ${object.body.version ?? "unset (latest at creation, then drifting)"}`, fix: `pin one of ${SUPPORTED_KUBERNETES_VERSIONS.join(", ")}` }],
  },
  {
    id: "H5",
    upstream: ["CIS EKS 5.4.3", "CKV_AWS_100", "CKV_AWS_130", "AVD-AWS-0164"],
    title: "nodes in private subnets, no SSH remote access",
    appliesTo: ["aws_eks_node_group"],
    evaluate: (object, stack) => {
      const findings: Finding[] = [];
      if (one(object.body.remote_access)) findings.push({ what: "remote_access (SSH) is configured", fix: "remove remote_access; use SSM if a shell is ever needed" });
      for (const subnet of referencedAll(stack, object.body.subnet_ids)) {
        if (subnet.body.map_public_ip_on_launch === true || subnet.body.tags?.["kubernetes.io/role/elb"] !== undefined) {
          findings.push({ what: `subnet ${subnet.name} is public`, fix: "place node groups in the private subnets" });
        }
      }
      return findings;
    },
  },
  {
    id: "H5",
    upstream: ["CKV_AWS_130", "AVD-AWS-0164"],
    title: "subnets do not assign public IPs",
    appliesTo: ["aws_subnet"],
    evaluate: (object) => (object.body.map_public_ip_on_launch === true ? [{ what: "map_public_ip_on_launch is true", fix: "set it to false; NAT and load balancers do not need it" }] : []),
  },
  {
    id: "H6",
    upstream: ["CKV_AWS_79", "CKV_AWS_341", "AVD-AWS-0130", "AWS EKS best practices"],
    title: "node launch templates: IMDSv2 with hop limit 1, encrypted root volumes",
    appliesTo: ["aws_eks_node_group"],
    evaluate: (object, stack) => {
      const template = stack.referenced(one(object.body.launch_template)?.id);
      if (template?.type !== "aws_launch_template") return [{ what: "no launch template of this stack", fix: "attach a launch template that enforces IMDSv2" }];
      const metadata = one(template.body.metadata_options) ?? {};
      const findings: Finding[] = [];
      if (metadata.http_endpoint !== "enabled" || metadata.http_tokens !== "required" || integer(metadata.http_put_response_hop_limit) !== 1) {
        findings.push({ what: `launch template metadata_options ${JSON.stringify(metadata)}`, fix: 'set http_endpoint "enabled", http_tokens "required", http_put_response_hop_limit 1' });
      }
      const unencrypted = list(template.body.block_device_mappings).filter((m) => String(one(m.ebs)?.encrypted) !== "true");
      if (unencrypted.length > 0) findings.push({ what: `block device ${unencrypted[0].device_name} not encrypted`, fix: "set ebs.encrypted = true" });
      return findings;
    },
  },
  {
    id: "H7",
    upstream: ["CIS EKS 4.1.1", "CIS EKS 4.1.7"],
    title: "access entries (authentication mode API), no creator admin",
    appliesTo: ["aws_eks_cluster"],
    evaluate: (object) => {
      const access = one(object.body.access_config) ?? {};
      const findings: Finding[] = [];
      if (!["API", "API_AND_CONFIG_MAP"].includes(access.authentication_mode)) findings.push({ what: `authentication_mode ${access.authentication_mode ?? "unset (CONFIG_MAP)"}`, fix: "use API (access entries)" });
      if (access.bootstrap_cluster_creator_admin_permissions !== false) findings.push({ what: "the creating identity keeps implicit cluster admin", fix: "set bootstrap_cluster_creator_admin_permissions = false and grant admins through access entries" });
      return findings;
    },
  },
  {
    id: "H8",
    upstream: ["CIS EKS 5.2.1"],
    title: "add-ons that call AWS use Pod Identity or IRSA, not the node role",
    appliesTo: ["aws_eks_addon"],
    selects: (object) => ["vpc-cni", "aws-ebs-csi-driver", "aws-efs-csi-driver"].includes(object.body.addon_name),
    evaluate: (object) =>
      object.body.service_account_role_arn || list(object.body.pod_identity_association).length > 0
        ? []
        : [{ what: `${object.body.addon_name} runs with the node role`, fix: "give it a pod_identity_association (or service_account_role_arn)" }],
  },
  {
    id: "H9",
    upstream: ["CKV2_AWS_11", "AVD-AWS-0178", "CKV2_AWS_12", "AVD-AWS-0173"],
    title: "VPC flow logs; the default security group allows nothing",
    appliesTo: ["aws_vpc"],
    evaluate: (object, stack) => {
      const ofThisVpc = (type: string) => stack.resources(type).filter((r) => stack.referenced(r.body.vpc_id)?.name === object.name);
      const findings: Finding[] = [];
      if (ofThisVpc("aws_flow_log").length === 0) findings.push({ what: "no aws_flow_log for the VPC", fix: "log ALL traffic to CloudWatch" });
      const defaults = ofThisVpc("aws_default_security_group");
      if (defaults.length === 0 || defaults.some((g) => list(g.body.ingress).length > 0 || list(g.body.egress).length > 0)) {
        findings.push({ what: "the default security group is not managed empty", fix: "manage aws_default_security_group with no ingress and no egress" });
      }
      return findings;
    },
  },
];
