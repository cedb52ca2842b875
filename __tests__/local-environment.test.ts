/**
 * Build point 8: the local environment. Platform and coin stacks against the
 * current kubeconfig context, no AWS at all, the cluster's own default
 * StorageClass, a self-signed ClusterIssuer and local state.
 */
import { allStrings, helmRelease, helmValues, resourcesOf, shippedEnvironment, synthEnvironment } from "./helpers/synth";

const env = shippedEnvironment("local");
const { stacks, json } = synthEnvironment(env);
const platform = json["local-platform"]!;
const stackIds = Object.keys(json);

describe("the local environment", () => {
  it("has only a platform stack and one stack per enabled coin", () => {
    const coins = Object.entries(env.coins)
      .filter(([, settings]) => settings?.enabled)
      .map(([coin]) => `local-${coin}`);
    expect(stackIds.sort()).toEqual(["local-platform", ...coins].sort());
    expect(stacks.bootstrap).toBeUndefined();
    expect(stacks.cluster).toBeUndefined();
  });

  it("configures no AWS provider in any stack", () => {
    for (const [id, stack] of Object.entries(json)) {
      expect({ id, aws: stack.provider?.aws }).toEqual({ id, aws: undefined });
      expect(stack.terraform.required_providers?.aws).toBeUndefined();
    }
  });

  it("creates no AWS resource and reads no AWS data source", () => {
    for (const stack of Object.values(json)) {
      expect(Object.keys(stack.resource ?? {}).filter((type) => type.startsWith("aws_"))).toEqual([]);
      expect(Object.keys(stack.data ?? {}).filter((type) => type.startsWith("aws_"))).toEqual([]);
    }
  });

  it("never runs the AWS CLI", () => {
    for (const stack of Object.values(json)) expect(allStrings(stack.provider).filter((s) => s === "aws" || s === "get-token")).toEqual([]);
  });

  it("keeps every stack's state in a local file", () => {
    for (const [id, stack] of Object.entries(json)) expect(stack.terraform.backend).toEqual({ local: { path: `../../../state/${id}.tfstate` } });
  });
});

describe("the local cluster connection", () => {
  it("uses the kubeconfig file and the context named in config for kubernetes", () => {
    for (const stack of Object.values(json)) {
      expect(stack.provider!.kubernetes).toEqual([{ config_path: "~/.kube/config", config_context: "kind-coinstacks" }]);
    }
  });

  it("uses the same kubeconfig and context for helm", () => {
    expect(platform.provider!.helm).toEqual([{ kubernetes: { config_path: "~/.kube/config", config_context: "kind-coinstacks" } }]);
  });
});

describe("the local platform", () => {
  it("creates no StorageClass (coinstacks use the cluster's default)", () => {
    expect(resourcesOf(platform, "kubernetes_storage_class_v1")).toEqual([]);
  });

  it("has only the self-signed ClusterIssuer", () => {
    expect(helmValues(helmRelease(platform, "cluster-issuers")).clusterIssuers).toEqual([{ name: "self-signed", spec: { selfSigned: {} } }]);
  });

  it("installs no external-dns and no Route53 identity", () => {
    expect(resourcesOf(platform, "helm_release").map(([, r]) => r.name)).not.toContain("external-dns");
  });

  it("exposes Traefik as a NodePort, with no AWS load balancer annotations", () => {
    const values = helmValues(helmRelease(platform, "traefik"));
    expect(values.service).toEqual({ type: "NodePort" });
  });

  it("still installs cert-manager with its CRDs kept", () => {
    expect(helmValues(helmRelease(platform, "cert-manager")).crds).toEqual({ enabled: true, keep: true });
  });
});
