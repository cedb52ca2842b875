/**
 * Build point 7: the platform stack. Providers configured from the cluster
 * stack's outputs and authenticated by `aws eks get-token`, the default gp3
 * StorageClass, pinned Helm charts (cert-manager, Traefik v3, external-dns),
 * zone-scoped Route53 identities, and the Let's Encrypt ClusterIssuers
 * created without any kubernetes_manifest.
 */
import { Release } from "@cdktf/provider-helm/lib/release";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import "cdktf/lib/testing/adapters/jest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CHARTS } from "../../lib/platform/charts";
import { CRD_GROUPS_BY_CHART, manifestsNeedingSameStackCrds } from "../helpers/crd-rule";
import { allStrings, helmRelease, helmValues, onlyResource, policyDocument, resourcesOf, type SynthesizedStack, synthShipped } from "../helpers/synth";

const devBuild = synthShipped("dev");
const prodBuild = synthShipped("prod");
const localBuild = synthShipped("local");
const dev = devBuild.json["dev-platform"]!;
const devText = devBuild.text["dev-platform"]!;
const prod = prodBuild.json["prod-platform"]!;
const allStacks: [string, SynthesizedStack][] = [devBuild, prodBuild, localBuild].flatMap((b) => Object.entries(b.json));

const EXACT_SEMVER = /^v?\d+\.\d+\.\d+$/;
const REMOTE = /^data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+$/;
const unwrap = (value: string): string => /^\$\{(.*)\}$/.exec(value)![1]!;

describe("the kubernetes provider", () => {
  const kubernetes = dev.provider!.kubernetes!;

  it("is configured once", () => {
    expect(kubernetes).toHaveLength(1);
  });

  it("reaches the cluster at the endpoint and CA the cluster stack outputs", () => {
    expect(unwrap(kubernetes[0].host)).toMatch(REMOTE);
    expect(unwrap(kubernetes[0].cluster_ca_certificate)).toMatch(/^base64decode\(data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+\)$/);
  });

  it("authenticates with `aws eks get-token` at every run, for the cluster the cluster stack outputs", () => {
    const [exec] = kubernetes[0].exec;
    expect(exec.command).toBe("aws");
    expect(exec.api_version).toBe("client.authentication.k8s.io/v1beta1");
    expect(exec.args.slice(0, 3)).toEqual(["eks", "get-token", "--cluster-name"]);
    expect(unwrap(exec.args[3])).toMatch(REMOTE);
    expect(exec.args.slice(4, 6)).toEqual(["--region", "us-east-2"]);
  });

  it("holds no static token", () => {
    expect(kubernetes[0].token).toBeUndefined();
  });
});

describe("the helm provider", () => {
  const helm = dev.provider!.helm![0].kubernetes;

  it("reaches the same cluster as the kubernetes provider", () => {
    const kubernetes = dev.provider!.kubernetes![0];
    expect(helm.host).toBe(kubernetes.host);
    expect(helm.cluster_ca_certificate).toBe(kubernetes.cluster_ca_certificate);
  });

  it("authenticates with the same `aws eks get-token` exec block", () => {
    const [exec] = dev.provider!.kubernetes![0].exec;
    expect(helm.exec).toEqual(exec);
    expect(helm.token).toBeUndefined();
  });
});

describe("cluster credentials", () => {
  it("never come from aws_eks_cluster_auth (its token expires after 15 minutes), in any stack", () => {
    for (const [id, stack] of allStacks) {
      expect({ id, data: Object.keys(stack.data ?? {}) }).toEqual({ id, data: expect.not.arrayContaining(["aws_eks_cluster_auth"]) });
      expect(allStrings(stack).filter((s) => s.includes("aws_eks_cluster_auth"))).toEqual([]);
    }
  });
});

describe("the gp3 StorageClass", () => {
  it("is the platform's only StorageClass", () => {
    expect(onlyResource(dev, "kubernetes_storage_class_v1")).toBeDefined();
  });

  it("is named gp3 and is the cluster default", () => {
    expect(devText).toHaveResourceWithProperties(StorageClassV1, {
      metadata: expect.objectContaining({ name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }),
    });
  });

  it("provisions encrypted gp3 volumes through the EBS CSI driver", () => {
    expect(devText).toHaveResourceWithProperties(StorageClassV1, {
      storage_provisioner: "ebs.csi.aws.com",
      parameters: expect.objectContaining({ type: "gp3", encrypted: "true" }),
    });
  });

  it("retains volumes when their claims are deleted", () => {
    expect(devText).toHaveResourceWithProperties(StorageClassV1, { reclaim_policy: "Retain" });
  });

  it("binds where the pod lands, since EBS volumes are zonal", () => {
    expect(devText).toHaveResourceWithProperties(StorageClassV1, { volume_binding_mode: "WaitForFirstConsumer" });
  });

  it("allows volumes to grow in place", () => {
    expect(devText).toHaveResourceWithProperties(StorageClassV1, { allow_volume_expansion: true });
  });

  it("cannot be destroyed by Terraform", () => {
    expect(devText).toHaveResourceWithProperties(StorageClassV1, { lifecycle: { prevent_destroy: true } });
  });
});

describe("the Helm releases", () => {
  const releases = resourcesOf(dev, "helm_release").map(([, r]) => r);
  const remote = releases.filter((r) => r.repository !== undefined);

  it.each(["cert-manager", "cluster-issuers", "external-dns", "kube-prometheus-stack", "traefik"])("install %s in dev", (name) => {
    expect(devText).toHaveResourceWithProperties(Release, { name });
  });

  it("install nothing else in dev", () => {
    expect(releases).toHaveLength(5);
  });

  it("pin every chart from a repository to an exact version, never a range", () => {
    expect(remote.length).toBe(releases.length - 1);
    for (const release of remote) {
      expect({ chart: release.chart, version: release.version }).toEqual({ chart: release.chart, version: expect.stringMatching(EXACT_SEMVER) });
      expect(release.repository).toMatch(/^https:\/\//);
    }
  });

  it("pin each chart to the version and repository listed in lib/platform/charts.ts", () => {
    for (const release of remote) {
      const pinned = Object.values(CHARTS).find((c) => c.chart === release.chart)!;
      expect({ repository: release.repository, version: release.version }).toEqual({ repository: pinned.repository, version: pinned.version });
    }
    for (const pinned of Object.values(CHARTS)) expect(pinned.version).toMatch(EXACT_SEMVER);
  });

  it("take the one local chart (the ClusterIssuers) from this repository, with an exact version in its Chart.yaml", () => {
    const [local] = releases.filter((r) => r.repository === undefined);
    expect(local.name).toBe("cluster-issuers");
    expect(local.chart).toMatch(/^assets\//);
    const chart = parse(readFileSync(join(__dirname, "../../lib/platform/cluster-issuers/chart/Chart.yaml"), "utf8"));
    expect(chart.version).toMatch(EXACT_SEMVER);
  });

  it("are atomic, so a failed upgrade rolls back", () => {
    for (const release of releases) expect(release).toMatchObject({ atomic: true, cleanup_on_fail: true, wait: true });
  });
});

describe("cert-manager", () => {
  const release = helmRelease(dev, "cert-manager");

  it("installs its CRDs with the chart and keeps them when the release is removed", () => {
    expect(helmValues(release).crds).toEqual({ enabled: true, keep: true });
  });

  it("does not use the deprecated installCRDs switch", () => {
    expect(helmValues(release).installCRDs).toBeUndefined();
  });
});

describe("Traefik", () => {
  const release = helmRelease(dev, "traefik");
  const values = helmValues(release);

  it("is Traefik v3 (chart 28 or later)", () => {
    expect(Number(release.version.split(".")[0])).toBeGreaterThanOrEqual(28);
  });

  it("is exposed through an AWS Network Load Balancer", () => {
    expect(values.service.type).toBe("LoadBalancer");
    expect(values.service.annotations["service.beta.kubernetes.io/aws-load-balancer-type"]).toBe("nlb");
  });

  it("redirects web (HTTP) to websecure (HTTPS) permanently", () => {
    expect(values.ports.web.redirections.entryPoint).toEqual({ to: "websecure", scheme: "https", permanent: true });
    expect(values.ports.websecure.tls.enabled).toBe(true);
  });

  it("has a PodDisruptionBudget", () => {
    expect(values.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
  });

  it("spreads its pods over zones and nodes", () => {
    const keys = values.topologySpreadConstraints.map((c: any) => c.topologyKey);
    expect(keys).toEqual(["topology.kubernetes.io/zone", "kubernetes.io/hostname"]);
    for (const constraint of values.topologySpreadConstraints) {
      expect(constraint.labelSelector.matchLabels).toEqual({ "app.kubernetes.io/name": "traefik" });
    }
  });

  it("writes an access log with the Authorization header redacted", () => {
    expect(values.logs.access.enabled).toBe(true);
    expect(values.logs.access.fields.headers.names.Authorization).toBe("redact");
  });

  it("exposes Prometheus metrics, with a ServiceMonitor when monitoring is installed", () => {
    expect(values.metrics.prometheus.service.enabled).toBe(true);
    expect(values.metrics.prometheus.serviceMonitor.enabled).toBe(true);
    expect(helmValues(helmRelease(localBuild.json["local-platform"]!, "traefik")).metrics.prometheus.serviceMonitor.enabled).toBe(false);
  });

  it("runs the replicas from config", () => {
    expect(values.deployment.replicas).toBe(2);
    expect(helmValues(helmRelease(prod, "traefik")).deployment.replicas).toBe(3);
  });
});

/** The inline policy and Pod Identity association of the role named `roleName`. */
function podIdentity(stack: SynthesizedStack, roleName: string): { statements: any[]; association: any } {
  const [roleId] = resourcesOf(stack, "aws_iam_role").find(([, r]) => r.name === roleName)!;
  const policies = resourcesOf(stack, "aws_iam_role_policy").filter(([, p]) => p.role === `\${aws_iam_role.${roleId}.id}`);
  expect(policies).toHaveLength(1);
  const associations = resourcesOf(stack, "aws_eks_pod_identity_association").filter(([, a]) => a.role_arn === `\${aws_iam_role.${roleId}.arn}`);
  expect(associations).toHaveLength(1);
  return { statements: policyDocument(policies[0]![1].policy).Statement, association: associations[0]![1] };
}

const resourcesOfStatements = (statements: any[]): string[] => statements.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
const actionsOf = (statement: any): string[] => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);

describe.each([
  ["external-dns", "external-dns", "external-dns"],
  ["cert-manager", "cert-manager", "cert-manager"],
])("the %s Route53 identity", (workload, releaseName, namespace) => {
  for (const [envName, stack, zone] of [
    ["dev", dev, "Z0123456789DEVZONE"],
    ["prod", prod, "Z0123456789PRODZONE"],
  ] as const) {
    const { statements, association } = podIdentity(stack, `coinstacks-${envName}-${workload}`);

    it(`may change records only in the ${envName} hosted zone`, () => {
      const writes = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("route53:ChangeResourceRecordSets")));
      expect(writes.length).toBeGreaterThan(0);
      for (const statement of writes) expect(statement.Resource).toBe(`arn:aws:route53:::hostedzone/${zone}`);
    });

    it(`never names every hosted zone (${envName})`, () => {
      expect(resourcesOfStatements(statements).filter((r) => r.includes("hostedzone/*"))).toEqual([]);
    });

    it(`grants nothing but Route53 (${envName})`, () => {
      for (const statement of statements.filter((s) => s.Effect === "Allow")) {
        for (const action of actionsOf(statement)) expect(action).toMatch(/^route53:(ChangeResourceRecordSets|ListResourceRecordSets|ListTagsForResource|ListHostedZones|GetChange)$/);
      }
    });

    it(`is handed to the chart's service account through Pod Identity (${envName})`, () => {
      const values = helmValues(helmRelease(stack, releaseName));
      expect(association).toEqual({
        cluster_name: `coinstacks-${envName}`,
        namespace,
        service_account: values.serviceAccount.name,
        role_arn: expect.stringMatching(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/),
      });
      expect(helmRelease(stack, releaseName).namespace).toBe(namespace);
    });
  }
});

describe("external-dns", () => {
  const values = helmValues(helmRelease(dev, "external-dns"));

  it("only manages records under the environment's domain and zone", () => {
    expect(values.domainFilters).toEqual(["dev.coinstacks.example.com"]);
    expect(values.extraArgs).toContain("--zone-id-filter=Z0123456789DEVZONE");
  });

  it("never deletes records (upsert-only) and owns its records by cluster name", () => {
    expect(values.policy).toBe("upsert-only");
    expect(values.txtOwnerId).toBe("coinstacks-dev");
  });
});

describe("the ClusterIssuers", () => {
  const release = helmRelease(dev, "cluster-issuers");
  const issuers: any[] = helmValues(release).clusterIssuers;
  const byName = (name: string): any => issuers.find((i) => i.name === name);

  it("are Let's Encrypt staging and production", () => {
    expect(issuers.map((i) => i.name).sort()).toEqual(["letsencrypt-production", "letsencrypt-staging"]);
    expect(byName("letsencrypt-staging").spec.acme.server).toBe("https://acme-staging-v02.api.letsencrypt.org/directory");
    expect(byName("letsencrypt-production").spec.acme.server).toBe("https://acme-v02.api.letsencrypt.org/directory");
  });

  it("register with the ACME email from config, each with its own account key", () => {
    for (const issuer of issuers) {
      expect(issuer.spec.acme.email).toBe("platform@example.com");
      expect(issuer.spec.acme.privateKeySecretRef.name).toBe(`${issuer.name}-account-key`);
    }
  });

  it("solve DNS-01 through Route53 in the environment's zone, for its root domain only", () => {
    for (const issuer of issuers) {
      expect(issuer.spec.acme.solvers).toEqual([
        { selector: { dnsZones: ["coinstacks.example.com"] }, dns01: { route53: { region: "us-east-2", hostedZoneID: "Z0123456789DEVZONE" } } },
      ]);
    }
  });

  it("use the cert-manager controller's Pod Identity, holding no credentials or role of their own", () => {
    for (const issuer of issuers) {
      const route53 = issuer.spec.acme.solvers[0].dns01.route53;
      expect(route53.accessKeyID).toBeUndefined();
      expect(route53.secretAccessKeySecretRef).toBeUndefined();
      expect(route53.role).toBeUndefined();
    }
  });

  it("use the prod zone in prod", () => {
    const prodIssuers: any[] = helmValues(helmRelease(prod, "cluster-issuers")).clusterIssuers;
    for (const issuer of prodIssuers) expect(issuer.spec.acme.solvers[0].dns01.route53.hostedZoneID).toBe("Z0123456789PRODZONE");
  });

  it("are installed after cert-manager, whose webhook admits them", () => {
    const [certManagerId] = resourcesOf(dev, "helm_release").find(([, r]) => r.name === "cert-manager")!;
    expect(release.depends_on).toContain(`helm_release.${certManagerId}`);
  });

  it("are rendered by the local chart as cert-manager.io/v1 ClusterIssuer objects, one per entry", () => {
    const template = readFileSync(join(__dirname, "../../lib/platform/cluster-issuers/chart/templates/cluster-issuers.yaml"), "utf8");
    expect(template).toMatch(/range \.Values\.clusterIssuers/);
    expect(template).toMatch(/^apiVersion: cert-manager\.io\/v1$/m);
    expect(template).toMatch(/^kind: ClusterIssuer$/m);
    expect(template).toMatch(/name: \{\{ \.name \}\}/);
    expect(template).toMatch(/toYaml \.spec/);
  });

  it("ship their chart into the stack directory, where the release's relative chart path points", () => {
    devBuild.app.synth();
    const stackDir = join(devBuild.app.outdir, "stacks", "dev-platform");
    const synthesized = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    const chartPath = Object.values<any>(synthesized.resource.helm_release).find((r) => r.name === "cluster-issuers").chart;
    expect(existsSync(join(stackDir, chartPath, "Chart.yaml"))).toBe(true);
    expect(existsSync(join(stackDir, chartPath, "templates", "cluster-issuers.yaml"))).toBe(true);
  });
});

describe("kubernetes_manifest and CRDs", () => {
  it.each([
    ["dev", devBuild],
    ["prod", prodBuild],
    ["local", localBuild],
  ] as const)("the %s platform stack plans no kubernetes_manifest but the VolumeSnapshotClasses, whose CRD the cluster stack installs", (env, build) => {
    const platform = build.text[`${env}-platform`]!;
    expect(platform).toHaveResource(Release);
    const kinds = Object.values<{ manifest: { kind: string } }>(JSON.parse(platform).resource.kubernetes_manifest ?? {}).map((m) => m.manifest.kind);
    expect(kinds).toEqual(env === "local" ? [] : ["VolumeSnapshotClass", "VolumeSnapshotClass"]);
  });

  it("no stack of any environment plans a kubernetes_manifest whose CRD a helm_release of the same stack installs", () => {
    for (const [id, stack] of allStacks) expect({ id, violations: manifestsNeedingSameStackCrds(stack) }).toEqual({ id, violations: [] });
  });

  it("the rule catches a ClusterIssuer manifest next to the cert-manager release", () => {
    const bad = JSON.parse(JSON.stringify(dev)) as SynthesizedStack;
    bad.resource.kubernetes_manifest = {
      issuer: { manifest: { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "x" } } },
      configmap: { manifest: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "y" } } },
    };
    expect(manifestsNeedingSameStackCrds(bad)).toEqual(["issuer (ClusterIssuer cert-manager.io/v1)"]);
  });

  it("knows the CRD groups of every chart the platform installs", () => {
    for (const pinned of Object.values(CHARTS)) expect(CRD_GROUPS_BY_CHART[pinned.chart]).toBeDefined();
  });
});

describe("the platform stack", () => {
  it("depends on the cluster stack", () => {
    expect(devBuild.stacks.platform.dependencies.map((s) => s.node.id)).toEqual(["dev-cluster"]);
  });

  it("uses the prebuilt kubernetes 2.38.0 and helm 3.1.1 providers", () => {
    expect(dev.terraform.required_providers).toMatchObject({
      kubernetes: { source: "kubernetes", version: "2.38.0" },
      helm: { source: "helm", version: "3.1.1" },
    });
  });
});
