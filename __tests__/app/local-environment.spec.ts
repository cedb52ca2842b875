/**
 * Build point 8: the local environment. Platform and coin stacks against the
 * current kubeconfig context, no AWS at all, the cluster's own default
 * StorageClass, a self-signed ClusterIssuer and local state.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import "cdktf/lib/testing/adapters/jest";
import { allStrings, helmRelease, helmValues, shippedEnvironment, synthEnvironment } from "../helpers/synth";

const env = shippedEnvironment("local");
const { stacks, text, json } = synthEnvironment(env);
const platform = json["local-platform"]!;
const LOCAL_CONTEXT = { config_path: "~/.kube/config", config_context: "kind-coinstacks" };
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

  it.each(stackIds)("configures no AWS provider in %s", (id) => {
    expect(text[id]).not.toHaveProvider(AwsProvider);
    expect(json[id]!.terraform.required_providers?.aws).toBeUndefined();
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
  it.each(stackIds)("uses the kubeconfig file and the context named in config for kubernetes in %s", (id) => {
    expect(json[id]!.provider!.kubernetes).toEqual([LOCAL_CONTEXT]);
  });

  it("uses the same kubeconfig and context for helm", () => {
    expect(platform.provider!.helm).toEqual([{ kubernetes: LOCAL_CONTEXT }]);
  });
});

describe("the local platform", () => {
  it("creates no StorageClass (coinstacks use the cluster's default)", () => {
    expect(text["local-platform"]).toHaveResource(Release);
    expect(text["local-platform"]).not.toHaveResource(StorageClassV1);
  });

  it("has only the self-signed ClusterIssuer", () => {
    expect(helmValues(helmRelease(platform, "cluster-issuers")).clusterIssuers).toEqual([{ name: "self-signed", spec: { selfSigned: {} } }]);
  });

  it("installs no external-dns and no Route53 identity", () => {
    expect(text["local-platform"]).toHaveResourceWithProperties(Release, { name: "traefik" });
    expect(text["local-platform"]).not.toHaveResourceWithProperties(Release, { name: "external-dns" });
  });

  it("exposes Traefik as a NodePort, with no AWS load balancer annotations", () => {
    const values = helmValues(helmRelease(platform, "traefik"));
    expect(values.service).toEqual({ type: "NodePort" });
  });

  it("still installs cert-manager with its CRDs kept", () => {
    expect(helmValues(helmRelease(platform, "cert-manager")).crds).toEqual({ enabled: true, keep: true });
  });
});
