import { IngressV1 } from "@cdktf/provider-kubernetes/lib/ingress-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { PortRole } from "../../lib/coinstack/definition";
import { stripPrefixMiddleware } from "../../lib/coinstack/manifests";
import { coinStack, manifestsOfKind, oneServiceCoin, resolveInDev, synthCoin } from "../helpers/coinstack";
import { environmentFrom, onlyResource, type SynthesizedStack } from "../helpers/synth";

/** Properties of a kubernetes_manifest whose manifest is a `kind` containing `fields`. */
const manifestOf = (kind: string, fields: Record<string, unknown> = {}) => ({ manifest: expect.objectContaining({ kind, ...fields }) });

describe("ingress of dev-bitcoin", () => {
  const synthesized = Testing.synth(coinStack("bitcoin"));
  const stack = JSON.parse(synthesized) as SynthesizedStack;

  it("issues a Certificate for every routed host from the environment's ClusterIssuer", () => {
    expect(manifestsOfKind(stack, "Certificate")).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(
      Manifest,
      manifestOf("Certificate", {
        spec: expect.objectContaining({
          dnsNames: ["indexer.bitcoin.dev.coinstacks.example.com"],
          issuerRef: { name: "letsencrypt-staging", kind: "ClusterIssuer", group: "cert-manager.io" },
          secretName: "bitcoin-indexer-tls",
        }),
      }),
    );
  });
  it("routes HTTPS only, on websecure, with the certificate's secret", () => {
    const [route] = manifestsOfKind(stack, "IngressRoute");
    expect(route.apiVersion).toBe("traefik.io/v1alpha1");
    expect(route.spec.entryPoints).toEqual(["websecure"]);
    expect(route.spec.tls).toEqual({ secretName: "bitcoin-indexer-tls" });
    expect(route.spec.routes).toEqual([
      { kind: "Rule", match: "Host(`indexer.bitcoin.dev.coinstacks.example.com`)", services: [{ name: "bitcoin-svc", port: 8001 }] },
    ]);
  });
  it("never routes the daemon's RPC port", () => {
    const routed = manifestsOfKind(stack, "IngressRoute").flatMap((r) => r.spec.routes.flatMap((x: any) => x.services.map((s: any) => s.port)));
    expect(routed).not.toContain(8332);
    expect(JSON.stringify(manifestsOfKind(stack, "IngressRoute"))).not.toContain("daemon.");
  });
  it("creates no Middleware when no route strips a prefix", () => {
    expect(synthesized).not.toHaveResourceWithProperties(Manifest, manifestOf("Middleware"));
  });
  it("publishes the hosts for external-dns through an Ingress without paths (so Traefik adds no route)", () => {
    expect(onlyResource(stack, "kubernetes_ingress_v1")).toBeDefined();
    expect(synthesized).toHaveResourceWithProperties(IngressV1, {
      spec: expect.objectContaining({ ingress_class_name: "traefik", rule: [{ host: "indexer.bitcoin.dev.coinstacks.example.com" }] }),
      wait_for_load_balancer: false,
    });
  });
});

describe("production hosts", () => {
  it("have no environment label", () => {
    const [certificate] = manifestsOfKind(synthCoin("bitcoin", { env: "prod" }), "Certificate");
    expect(certificate.spec.dnsNames).toEqual(["indexer.bitcoin.coinstacks.example.com"]);
    expect(certificate.spec.issuerRef.name).toBe("letsencrypt-production");
  });
});

describe("an environment without a domain", () => {
  const local = Testing.synth(coinStack("bitcoin", { env: "local" }));
  it("has no Certificate, IngressRoute or Ingress", () => {
    expect(local).not.toHaveResourceWithProperties(Manifest, manifestOf("Certificate"));
    expect(local).not.toHaveResourceWithProperties(Manifest, manifestOf("IngressRoute"));
    expect(local).not.toHaveResource(IngressV1);
  });
});

describe("a route that strips its prefix", () => {
  const coinstack = resolveInDev(
    oneServiceCoin({
      ports: [
        { name: "http", port: 8545, role: PortRole.API, route: {} },
        { name: "ws", port: 8546, role: PortRole.API, route: { pathPrefix: "/websocket", stripPrefix: true } },
      ],
      resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } },
    }),
  );
  it("gets one Middleware listing the stripped prefixes", () => {
    expect(stripPrefixMiddleware(coinstack, coinstack.routes)?.spec).toEqual({ stripPrefix: { prefixes: ["/websocket"] } });
  });
  it("is matched on host and path prefix", () => {
    expect(coinstack.routes.find((r) => r.port.name === "ws")).toMatchObject({ host: "daemon.bitcoin.dev.coinstacks.example.com", pathPrefix: "/websocket" });
  });
});

describe("ingress switched off in config", () => {
  it("emits no route even with a domain", () => {
    expect(Testing.synth(coinStack("bitcoin", { settings: { ingress: false } }))).not.toHaveResourceWithProperties(Manifest, manifestOf("IngressRoute"));
  });
  it("needs no domain", () => {
    expect(() => environmentFrom({ name: "x", backend: { type: "local" }, kubeconfig: { context: "k" }, platform: { certManager: { issuer: "self-signed" }, storageClass: { create: false } } })).not.toThrow();
  });
});
