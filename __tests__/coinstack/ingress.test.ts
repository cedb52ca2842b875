import { resolveCoinstack } from "../../lib/coinstack/resolve";
import { PortRole, type CoinDefinition } from "../../lib/coinstack/definition";
import { stripPrefixMiddleware } from "../../lib/coinstack/manifests";
import { coinSettingsSchema } from "../../lib/coinstack/config";
import { manifestsOfKind, synthCoin } from "../helpers/coinstack";
import { environmentFrom, onlyResource, shippedEnvironment } from "../helpers/synth";

describe("ingress of dev-bitcoin", () => {
  const stack = synthCoin("bitcoin");

  it("issues a Certificate for every routed host from the environment's ClusterIssuer", () => {
    const certificates = manifestsOfKind(stack, "Certificate");
    expect(certificates.map((c) => c.spec.dnsNames)).toEqual([["indexer.bitcoin.dev.coinstacks.example.com"]]);
    expect(certificates[0].spec.issuerRef).toEqual({ name: "letsencrypt-staging", kind: "ClusterIssuer", group: "cert-manager.io" });
    expect(certificates[0].spec.secretName).toBe("bitcoin-indexer-tls");
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
    expect(manifestsOfKind(stack, "Middleware")).toEqual([]);
  });
  it("publishes the hosts for external-dns through an Ingress without paths (so Traefik adds no route)", () => {
    const ingress = onlyResource(stack, "kubernetes_ingress_v1");
    expect(ingress.spec.rule).toEqual([{ host: "indexer.bitcoin.dev.coinstacks.example.com" }]);
    expect(ingress.spec.ingress_class_name).toBe("traefik");
    expect(ingress.wait_for_load_balancer).toBe(false);
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
  const local = synthCoin("bitcoin", { env: "local" });
  it("has no Certificate, IngressRoute or Ingress", () => {
    expect(manifestsOfKind(local, "Certificate")).toEqual([]);
    expect(manifestsOfKind(local, "IngressRoute")).toEqual([]);
    expect(local.resource.kubernetes_ingress_v1).toBeUndefined();
  });
});

describe("a route that strips its prefix", () => {
  const definition: CoinDefinition = {
    name: "bitcoin",
    networks: ["mainnet"],
    spec: () => ({
      services: [
        {
          name: "daemon",
          image: "example/node:1.0",
          ports: [
            { name: "http", port: 8545, role: PortRole.API, route: {} },
            { name: "ws", port: 8546, role: PortRole.API, route: { pathPrefix: "/websocket", stripPrefix: true } },
          ],
          resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } },
          storage: { size: "10Gi" },
        },
      ],
    }),
  };
  const coinstack = resolveCoinstack(shippedEnvironment("dev"), definition, coinSettingsSchema.parse({}), { volumeFloors: {} });
  it("gets one Middleware listing the stripped prefixes", () => {
    expect(stripPrefixMiddleware(coinstack, coinstack.routes)?.spec).toEqual({ stripPrefix: { prefixes: ["/websocket"] } });
  });
  it("is matched on host and path prefix", () => {
    expect(coinstack.routes.find((r) => r.port.name === "ws")).toMatchObject({ host: "daemon.bitcoin.dev.coinstacks.example.com", pathPrefix: "/websocket" });
  });
});

describe("ingress switched off in config", () => {
  it("emits no route even with a domain", () => {
    expect(manifestsOfKind(synthCoin("bitcoin", { settings: { ingress: false } }), "IngressRoute")).toEqual([]);
  });
  it("needs no domain", () => {
    expect(() => environmentFrom({ name: "x", backend: { type: "local" }, kubeconfig: { context: "k" }, platform: { certManager: { issuer: "self-signed" }, storageClass: { create: false } } })).not.toThrow();
  });
});
