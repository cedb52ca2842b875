import { dependable } from "cdktf";
import type { Construct } from "constructs";
import { tolerationsOf } from "../lib/aws/node-group";
import type { NetworkPolicyV1Spec } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import type { EnvironmentConfig } from "../lib/config/schema";
import { environmentAwsProvider } from "../lib/core/aws-provider";
import { EnvironmentStack } from "../lib/core/environment-stack";
import { type ClusterAccess, helmProvider, kubernetesProvider } from "../lib/core/kubernetes-providers";
import { awsNames, environmentDomain, platformNames } from "../lib/core/names";
import { CertManager } from "../lib/platform/cert-manager";
import { ClusterIssuers } from "../lib/platform/cluster-issuers";
import { ExternalDns } from "../lib/platform/external-dns";
import type { HelmAddon } from "../lib/platform/helm-addon";
import { Monitoring } from "../lib/platform/monitoring";
import { type ClientSeries, Dashboards, type FamilySeries } from "../lib/platform/monitoring/dashboards";
import { PortRole } from "../lib/coinstack/definition";
import { imageRepository } from "../lib/config/coin-settings";
import { COINS } from "../coinstacks";
import { PriorityClasses } from "../lib/platform/priority-classes";
import { platformSchedulingValues } from "../lib/platform/scheduling";
import {
  certManagerPolicies,
  externalDnsPolicies,
  monitoringPolicies,
  PlatformNetworkPolicies,
  traefikPolicies,
} from "../lib/platform/network-policies";
import { EbsSnapshotClass } from "../lib/platform/snapshot-class";
import { Gp3StorageClass } from "../lib/platform/storage-class";
import { Traefik } from "../lib/platform/traefik";
import type { ClusterStack } from "./cluster-stack";

/** The StorageClass coinstack volumes use; undefined means the cluster's default class. */
export function storageClassName(env: EnvironmentConfig): string | undefined {
  const configured = env.platform.storageClass;
  return configured.name ?? (configured.create ? platformNames.gp3StorageClass : undefined);
}

/**
 * The catalog's coins by family, with the chain clients of each that export a height, peer count or
 * lag (their METRICS ports), once each, named after their image (client-go, lighthouse, polkadot) or,
 * for a sidecar serving what probes measured, after the sidecar (probe-metrics), with every series any
 * coin of the family declares for it: the dashboards' panels.
 */
export function catalogFamilies(): FamilySeries[] {
  const families = new Map<string, { coins: string[]; clients: Map<string, ClientSeries> }>();
  for (const definition of Object.values(COINS)) {
    const family = families.get(definition.family) ?? { coins: [], clients: new Map<string, ClientSeries>() };
    families.set(definition.family, family);
    family.coins.push(definition.name);
    const spec = definition.spec(definition.networks[0]);
    const containers = [spec, ...(spec.workloads ?? [])].flatMap((pod) => [
      ...pod.services.map((service) => ({ client: imageRepository(service.image).split("/").pop()!, ports: service.ports })),
      ...(pod.sidecars ?? []).map((sidecar) => ({ client: sidecar.name, ports: sidecar.ports ?? [] })),
    ]);
    for (const { client, ports } of containers) {
      for (const { metrics } of ports.filter((p) => p.role === PortRole.METRICS && (p.metrics?.height || p.metrics?.peers || p.metrics?.syncLag))) {
        // A client of several coins of the family (probe-metrics) declares the union of their series.
        const series = { height: metrics?.height, peers: metrics?.peers, backendHeight: metrics?.backendHeight, inboundPeers: metrics?.inboundPeers, inboundConnections: metrics?.inboundConnections, syncLag: metrics?.syncLag, syncTarget: metrics?.syncTarget };
        const known = family.clients.get(client) ?? { client };
        family.clients.set(client, { ...Object.fromEntries(Object.entries(series).filter(([, v]) => v !== undefined)), ...Object.fromEntries(Object.entries(known).filter(([, v]) => v !== undefined)), client });
      }
    }
  }
  return [...families.entries()]
    .map(([family, { coins, clients }]) => ({ family, coins: coins.sort(), clients: [...clients.values()].sort((a, b) => a.client.localeCompare(b.client)) }))
    .sort((a, b) => a.family.localeCompare(b.family));
}

/** How an environment's stacks reach its cluster: the EKS cluster stack, or a kubeconfig context. */
export function clusterAccess(env: EnvironmentConfig, cluster: ClusterStack | undefined): ClusterAccess {
  if (cluster && env.aws) return { kind: "eks", cluster: cluster.controlPlane.cluster, region: env.aws.region };
  if (env.kubeconfig) return { kind: "kubeconfig", path: env.kubeconfig.path, context: env.kubeconfig.context };
  throw new Error(`${env.name}: no cluster to reach (validated in config)`);
}

/**
 * `<env>-platform`: what every coinstack relies on: the gp3 StorageClass,
 * cert-manager and its ClusterIssuers, Traefik, external-dns, monitoring, and
 * the PriorityClasses of platform and chain pods.
 * The CRDs these charts install are used by coin stacks, which deploy later.
 */
export class PlatformStack extends EnvironmentStack {
  readonly addons: HelmAddon[] = [];

  constructor(scope: Construct, id: string, env: EnvironmentConfig, cluster?: ClusterStack) {
    super(scope, id, { env });
    const access = clusterAccess(env, cluster);
    kubernetesProvider(this, access);
    helmProvider(this, access);
    new RandomProvider(this, "random");
    if (env.aws && cluster) environmentAwsProvider(this, env.aws, env.name, id);
    if (cluster) this.addDependency(cluster);

    const platform = env.platform;
    const gp3 = platform.storageClass.create
      ? new Gp3StorageClass(this, "storage-class", { name: storageClassName(env), environment: env.name, kmsKeyArn: cluster?.volumesKey.key.arn })
      : undefined;
    if (cluster) new EbsSnapshotClass(this, "snapshot-class", { environment: env.name });

    const monitoring = platform.monitoring.enabled
      ? new Monitoring(this, "monitoring", {
          retention: platform.monitoring.retention,
          storageGiB: platform.monitoring.storageGiB,
          adminRotation: platform.monitoring.adminRotation,
          alerting: platform.monitoring.alerting,
          environment: env.name,
          storageClassName: storageClassName(env),
          dependsOn: gp3 ? [gp3.storageClass] : [],
        })
      : undefined;
    if (monitoring) {
      this.addons.push(monitoring.addon);
      this.guard(monitoring.addon, "kube-prometheus-stack", monitoringPolicies(env));
      new Dashboards(this, "dashboards", { families: catalogFamilies(), dependsOn: monitoring.addon.namespace ? [monitoring.addon.namespace] : [] });
    }

    const zoneId = env.dns?.hostedZoneId;
    const eks = cluster && env.aws ? { name: cluster.clusterName, region: env.aws.region, accountId: env.aws.accountId } : undefined;
    const certManager = new CertManager(this, "cert-manager", {
      route53: eks && zoneId ? { cluster: eks, roleName: awsNames.podIdentityRole(eks.name, "cert-manager"), hostedZoneId: zoneId } : undefined,
      serviceMonitor: monitoring !== undefined,
      dependsOn: monitoring ? [monitoring.addon.release] : [],
    });
    this.addons.push(certManager.addon);
    this.guard(certManager.addon, "cert-manager", certManagerPolicies(env));
    const acmeEmail = platform.certManager.acmeEmail;
    new ClusterIssuers(this, "cluster-issuers", {
      acme:
        eks && zoneId && acmeEmail && env.dns
          ? { email: acmeEmail, rootDomain: env.dns.rootDomain, hostedZoneId: zoneId, region: eks.region }
          : undefined,
      selfSigned: platform.certManager.issuer === "self-signed",
      dependsOn: [certManager.addon.release],
    });

    const traefik = new Traefik(this, "traefik", {
      replicas: platform.traefik.replicas,
      serviceType: platform.traefik.serviceType,
      loadBalancerSourceRanges: platform.traefik.loadBalancerSourceRanges,
      serviceMonitor: monitoring !== undefined,
      dependsOn: monitoring ? [monitoring.addon.release] : [],
    });
    this.addons.push(traefik.addon);
    this.guard(traefik.addon, "traefik", traefikPolicies(env, platform.traefik.loadBalancerSourceRanges));

    if (platform.externalDns.enabled && eks && zoneId && env.dns) {
      const externalDns = new ExternalDns(this, "external-dns", {
        cluster: eks,
        roleName: awsNames.podIdentityRole(eks.name, "external-dns"),
        domain: environmentDomain(env.dns.rootDomain, env.dns.environmentLabel),
        hostedZoneId: zoneId,
      });
      this.addons.push(externalDns.addon);
      this.guard(externalDns.addon, "external-dns", externalDnsPolicies(env));
    }

    const priorityClasses = new PriorityClasses(this, "priority-classes");
    const scheduling = {
      priorityClassName: platformNames.priorityClass.platform,
      nodeTaintTolerations: tolerationsOf((env.cluster?.nodeGroups ?? []).flatMap((group) => group.taints)),
    };
    for (const addon of this.addons) {
      const values = platformSchedulingValues(addon.chart, scheduling);
      if (values) addon.addValues(values);
      // A pod naming a PriorityClass that does not exist yet is refused at admission.
      addon.release.dependsOn = [...(addon.release.dependsOn ?? []), dependable(priorityClasses.platform)];
    }
  }

  /** Default deny and the add-on's allowances in its namespace (lib/platform/network-policies). */
  private guard(addon: HelmAddon, component: string, policies: Record<string, NetworkPolicyV1Spec>): void {
    new PlatformNetworkPolicies(this, `${component}-network-policies`, { addon, component, network: this.env, policies });
  }
}
