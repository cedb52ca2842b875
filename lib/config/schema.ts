/**
 * The schema of `config/<env>.yaml`. Every default lives here, next to the key
 * it applies to, and `config/schema.json` is generated from it for editors.
 * Objects are strict: an unknown key is an error, never silently ignored.
 */
import { z } from "zod";
import { alertingSchema } from "./alerting";
import { coinsSchema, DEFAULT_IMAGE_REGISTRIES } from "./coin-settings";
import { CHECK_IDS } from "./check-ids";
import { checkAcrossKeys } from "./cross-checks";
import {
  awsAccountId,
  awsRegion,
  DEFAULT_INTERNAL_CIDRS,
  bool,
  internalCidr,
  dnsLabel,
  domainName,
  iamRoleArn,
  integer,
  ipv4Cidr,
  kmsKeyArn,
  labelKey,
  labelMap,
  labelValue,
  matching,
  namePrefix,
  oneOf,
  publicAccessCidr,
  route53ZoneId,
  s3BucketName,
} from "./rules";

export const SUPPORTED_KUBERNETES_VERSIONS = ["1.31", "1.32", "1.33", "1.34"] as const;

/** A reviewed reason of at least 20 characters. */
function reason(why: string) {
  const error = `expected a reason (at least 20 characters) ${why}`;
  return z.string({ error }).min(20, { error });
}

const s3BackendSchema = z.strictObject({
  type: z.literal("s3"),
  /** Bucket created by the `<env>-bootstrap` stack. @default `<namePrefix>-<env>-tfstate` */
  bucket: s3BucketName().optional(),
  /** @default aws.region */
  region: awsRegion().optional(),
  /** KMS key for state objects. @default the alias ARN of the key the bootstrap stack creates */
  kmsKeyArn: kmsKeyArn().optional(),
  /**
   * Set to true once the bootstrap stack's own state has been migrated into the bucket
   * (see README, "Bootstrap"); until then the bootstrap stack keeps a local state file.
   * @default false
   */
  bootstrapStateInBucket: bool().default(false),
  /**
   * Roles that may read and write the state (deploy roles, operators' roles): the bucket policy and
   * the KMS key policy refuse state objects and their key to every other principal.
   * @default cluster.adminRoleArns
   */
  stateWriters: z.array(iamRoleArn()).min(1, { error: "expected at least one IAM role ARN" }).optional(),
  /** Roles that may only read the state, such as the pull-request plan role. @default [] */
  stateReaders: z.array(iamRoleArn()).default([]),
});

const cloudBackendSchema = z.strictObject({
  type: z.literal("cloud"),
  organization: matching(/^[A-Za-z0-9_-]+$/, "a Terraform Cloud organization name"),
  /** @default app.terraform.io */
  hostname: domainName().default("app.terraform.io"),
  /** Workspace name is `<workspacePrefix><stack>`. @default "" */
  workspacePrefix: matching(/^[A-Za-z0-9_-]*$/, "letters, digits, - and _").default(""),
});

const localBackendSchema = z.strictObject({ type: z.literal("local") });

export const backendSchema = z.discriminatedUnion("type", [s3BackendSchema, cloudBackendSchema, localBackendSchema], {
  error: 'expected one of "s3", "cloud", "local"',
});

const taintSchema = z.strictObject({
  key: labelKey(),
  value: labelValue().optional(),
  effect: oneOf(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"]),
});

const nodeGroupSchema = z
  .strictObject({
    name: dnsLabel(40),
    instanceTypes: z.array(matching(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "an EC2 instance type such as m7i.2xlarge")).min(1),
    /** @default ON_DEMAND */
    capacityType: oneOf(["ON_DEMAND", "SPOT"]).default("ON_DEMAND"),
    /** @default AL2023_x86_64_STANDARD */
    amiType: oneOf(["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"]).default(
      "AL2023_x86_64_STANDARD",
    ),
    minSize: integer(0, 1000),
    maxSize: integer(1, 1000),
    desiredSize: integer(1, 1000),
    /** Encrypted gp3 root volume size. @default 100 */
    rootVolumeGiB: integer(20, 16384).default(100),
    labels: labelMap().default({}),
    taints: z.array(taintSchema).default([]),
  })
  .superRefine((group, ctx) => {
    if (group.minSize > group.desiredSize || group.desiredSize > group.maxSize) {
      ctx.addIssue({
        code: "custom",
        path: ["desiredSize"],
        input: group.desiredSize,
        message: `expected minSize <= desiredSize <= maxSize (${group.minSize} <= ? <= ${group.maxSize})`,
      });
    }
  });

const addonVersion = () => matching(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, "an EKS add-on version such as v1.19.5-eksbuild.1").optional();
const addonVersionsSchema = z.strictObject({
  "vpc-cni": addonVersion(),
  coredns: addonVersion(),
  "kube-proxy": addonVersion(),
  "eks-pod-identity-agent": addonVersion(),
  "aws-ebs-csi-driver": addonVersion(),
  "snapshot-controller": addonVersion(),
});

const clusterSchema = z
  .strictObject({
    /** EKS cluster name. @default `<namePrefix>-<env>` */
    name: dnsLabel(40).optional(),
    kubernetesVersion: oneOf(SUPPORTED_KUBERNETES_VERSIONS),
    vpc: z.strictObject({
      cidr: ipv4Cidr(),
      /** Number of availability zones. @default 3 */
      azCount: integer(2, 3).default(3),
      /** `single`: one NAT gateway (cheaper, one AZ's outage cuts egress); `perAz`: one per AZ. @default perAz */
      natGateways: oneOf(["single", "perAz"]).default("perAz"),
      /** Days to keep VPC flow logs. @default 90 */
      flowLogRetentionDays: integer(1, 3653).default(90),
    }),
    endpoint: z
      .strictObject({
        /** CIDRs allowed to reach the public API endpoint. Empty: private endpoint only. @default [] */
        publicAccessCidrs: z.array(publicAccessCidr()).default([]),
      })
      .default({ publicAccessCidrs: [] }),
    /** @default API */
    authenticationMode: oneOf(["API", "API_AND_CONFIG_MAP"]).default("API"),
    /** IAM roles granted cluster admin through access entries. The deploying role must be one of them. */
    adminRoleArns: z.array(iamRoleArn()).min(1, { error: "expected at least one admin role ARN" }),
    /** Days to keep control-plane logs. @default 365 */
    logRetentionDays: integer(1, 3653).default(365),
    nodeGroups: z.array(nodeGroupSchema).min(1, { error: "expected at least one node group" }),
    /** Pin EKS add-on versions; unpinned add-ons get the default version for kubernetesVersion. @default {} */
    addonVersions: addonVersionsSchema.default({}),
  })
  .superRefine((cluster, ctx) => {
    const seen = new Set<string>();
    cluster.nodeGroups.forEach((group, index) => {
      if (seen.has(group.name)) {
        ctx.addIssue({ code: "custom", path: ["nodeGroups", index, "name"], input: group.name, message: "expected a node group name not used before" });
      }
      seen.add(group.name);
    });
  });

const dnsSchema = z.strictObject({
  /** Root domain; coinstack hosts are `<service>.<asset>[.<label>].<rootDomain>`. */
  rootDomain: domainName(),
  /** Hosted zone of rootDomain (must already exist); external-dns and DNS-01 are limited to it. */
  hostedZoneId: route53ZoneId().optional(),
  /** Label inserted before rootDomain in hosts (dev: "dev"); omit for production. */
  environmentLabel: dnsLabel().optional(),
});

const platformSchema = z
  .strictObject({
    storageClass: z
      .strictObject({
        /** Create the gp3 StorageClass and make it the default (EKS). On local clusters use the existing default. */
        create: bool().default(true),
        /** Name of the class PVCs use; omit on local clusters to use the cluster default. @default gp3 */
        name: dnsLabel().optional(),
      })
      .default({ create: true }),
    certManager: z
      .strictObject({
        /** ClusterIssuer coinstack certificates use. */
        issuer: oneOf(["letsencrypt-production", "letsencrypt-staging", "self-signed"]),
        /** ACME account email (Let's Encrypt issuers). */
        acmeEmail: z.string().email({ error: "expected an email address" }).optional(),
      }),
    traefik: z
      .strictObject({
        /** @default 3 */
        replicas: integer(1, 50).default(3),
        /** `LoadBalancer` gets an AWS NLB; `NodePort` suits kind/minikube. @default LoadBalancer */
        serviceType: oneOf(["LoadBalancer", "NodePort"]).default("LoadBalancer"),
        /** Source ranges allowed through the load balancer. @default [] (reachable from anywhere) */
        loadBalancerSourceRanges: z.array(ipv4Cidr()).default([]),
      })
      .default({ replicas: 3, serviceType: "LoadBalancer", loadBalancerSourceRanges: [] }),
    externalDns: z.strictObject({ enabled: bool().default(false) }).default({ enabled: false }),
    monitoring: z
      .strictObject({
        /** Install kube-prometheus-stack; coinstacks then add ServiceMonitors and rules. @default false */
        enabled: bool().default(false),
        /** Prometheus retention. @default 30d */
        retention: matching(/^\d+[dhw]$/, "a duration such as 30d").default("30d"),
        /** Prometheus volume size in Gi. @default 200 */
        storageGiB: integer(10, 16384).default(200),
        /**
         * Grafana admin password rotation: raise it by one to write a fresh password (generated
         * ephemerally, never in Terraform state) and restart Grafana with it. @default 0
         */
        adminRotation: integer(0, 1_000_000).default(0),
        /** Alert routing; required with `enabled` (README "Alerts and dashboards"). */
        alerting: alertingSchema.optional(),
      })
      .default({ enabled: false, retention: "30d", storageGiB: 200, adminRotation: 0 }),
  });

const networkSchema = z.strictObject({
  /**
   * Address ranges of the cluster's own network (VPC, pod and service CIDRs, peered networks). Traffic meant
   * for the public internet (P2P peers, ACME, Route53) may never reach them; platform pods reach the API server
   * and scrape nodes only there. The EKS VPC CIDR is added by itself; list a pod or service range that is
   * outside these (a kind cluster's are inside the default).
   * @default ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]
   */
  internalCidrs: z.array(internalCidr()).min(1, { error: "expected at least one CIDR block" }).default([...DEFAULT_INTERNAL_CIDRS]),
});

const waiverSchema = z.strictObject({
  /** Checklist id of the check waived (lib/policy/checks), e.g. B3. */
  check: oneOf(CHECK_IDS),
  /** `<stack>/<type>.<name>` as the violation prints it; `*` matches any characters. */
  resource: matching(
    /^[a-z0-9*][a-z0-9*-]*\/[a-z0-9_*]+\.[A-Za-z0-9_*-]+$/,
    "a resource address <stack>/<type>.<name> as the violation prints it (* matches any characters)",
  ),
  /** Why the check cannot pass here; printed in the synth summary. */
  reason: reason("why the check cannot pass"),
});

const approvedReplacementSchema = z.strictObject({
  /**
   * `<stack>/<address>`: the stack and the resource address exactly as the plan gate prints it
   * (`prod-cluster/aws_eks_node_group.node-group-chain_node-group_1A2B3C4D`); no wildcards.
   */
  address: matching(
    /^[a-z0-9][a-z0-9-]*\/[a-z0-9_]+\.[A-Za-z0-9_-]+(\[(\d+|"[^"]*")\])?$/,
    "a resource address <stack>/<type>.<name> exactly as the plan gate prints it (no wildcards)",
  ),
  /** Why replacing or destroying it is right; printed by the plan gate when it lets the plan through. */
  reason: reason("why replacing or destroying this resource is intended"),
});

export const environmentSchema = z
  .strictObject({
    /** JSON Schema reference for editors; ignored by the app. */
    $schema: z.string().optional(),
    /** Environment name; must equal the file name (`config/<name>.yaml`). */
    name: dnsLabel(12),
    /**
     * What the environment is for. `production` runs every coin on its mainnet only; `development`
     * also allows testnets and private chains (regtest, polkadot's --dev). The stricter value is the
     * default, so a new environment file runs a testnet only when it says so. @default production
     */
    tier: oneOf(["production", "development"]).default("production"),
    /** Prefix of AWS resource names. @default coinstacks */
    namePrefix: namePrefix().default("coinstacks"),
    aws: z
      .strictObject({
        region: awsRegion(),
        /** The only account this environment may touch (provider allowed_account_ids). */
        accountId: awsAccountId(),
      })
      .optional(),
    backend: backendSchema,
    /** EKS cluster; omit to target an existing cluster through `kubeconfig` (local environment). */
    cluster: clusterSchema.optional(),
    /** Existing cluster from a kubeconfig; only without `cluster`. */
    kubeconfig: z
      .strictObject({
        /** @default ~/.kube/config */
        path: z.string().min(1).default("~/.kube/config"),
        /** kubeconfig context; required so a deploy never lands on whatever context happens to be current. */
        context: z.string().min(1, { error: "expected a kubeconfig context name" }),
      })
      .optional(),
    dns: dnsSchema.optional(),
    /** The cluster's own address ranges (NetworkPolicies). */
    network: networkSchema.default({ internalCidrs: [...DEFAULT_INTERNAL_CIDRS] }),
    platform: platformSchema,
    coins: coinsSchema.default({}),
    /** Guardrails at synth (README "Guardrails"). */
    policy: z
      .strictObject({
        /** Reviewed exceptions to a policy check; a waiver that matches nothing fails synth. @default [] */
        waivers: z.array(waiverSchema).default([]),
        /**
         * Replacements and destroys of guarded resources (lib/policy/replacement.ts) a deploy may apply;
         * the plan gate refuses any other, and reports an approval that matches nothing in the plan. @default []
         */
        approvedReplacements: z.array(approvedReplacementSchema).default([]),
        /**
         * Where images may come from (check B4): registry hosts, or a host and repository prefix; images
         * without a registry are Docker Hub's (`docker.io/...`).
         * @default ["docker.io/shapeshiftdao", "docker.io/ethereum", "docker.io/sigp", "docker.io/parity", "docker.io/library/busybox", "docker.io/prom/node-exporter", "us-docker.pkg.dev/oplabs-tools-artifacts/images", "docker.io/offchainlabs/nitro-node", "ghcr.io/bnb-chain/bsc", "docker.io/avaplatform/avalanchego", "ghcr.io/cosmos/gaia", "docker.io/nethermind/nethermind", "docker.io/0xpolygon", "registry.gitlab.com/thorchain", "docker.io/timescale/timescaledb"] (the shipped images' publishers; busybox serves polkadot's peer IDs, node-exporter what the probes measure, OP Labs' registry op-reth and op-node, Offchain Labs nitro, BNB Chain bsc, Ava Labs avalanchego, the Cosmos Hub gaia, Nethermind, Polygon bor and heimdall-v2, THORChain thornode and Midgard, TimescaleDB)
         */
        imageRegistries: z
          .array(matching(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, "a registry host with an optional repository prefix, such as docker.io/parity or 123456789012.dkr.ecr.us-east-2.amazonaws.com"))
          .min(1, { error: "expected at least one registry" })
          .default([...DEFAULT_IMAGE_REGISTRIES]),
      })
      .default({ waivers: [], approvedReplacements: [], imageRegistries: [...DEFAULT_IMAGE_REGISTRIES] }),
  })
  .superRefine(checkAcrossKeys);

export type EnvironmentInput = z.input<typeof environmentSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type ClusterConfig = NonNullable<EnvironmentConfig["cluster"]>;
export type NodeGroupConfig = ClusterConfig["nodeGroups"][number];
export type BackendConfig = EnvironmentConfig["backend"];
export type PlatformConfig = EnvironmentConfig["platform"];
export type DnsConfig = NonNullable<EnvironmentConfig["dns"]>;
export type AwsConfig = NonNullable<EnvironmentConfig["aws"]>;
