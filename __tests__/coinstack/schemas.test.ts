import { schemaProblems } from "../../lib/policy/schemas";
import { synthCoin } from "../helpers/coinstack";

const variants = {
  "dev-bitcoin": synthCoin("bitcoin"),
  "prod-bitcoin": synthCoin("bitcoin", { env: "prod" }),
  "local-bitcoin": synthCoin("bitcoin", { env: "local" }),
};

describe.each(Object.entries(variants))("every kubernetes_manifest of %s", (_name, stack) => {
  const manifests = Object.values(stack.resource.kubernetes_manifest ?? {}).map((r: any) => r.manifest);
  it.each(manifests.map((m) => [`${m.kind} ${m.metadata.name}`, m]))("%s validates against the upstream schema", (_label, manifest) => {
    expect(schemaProblems(manifest)).toEqual([]);
  });
});

describe("the schema check", () => {
  it("catches a structurally wrong object", () => {
    expect(schemaProblems({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "x" }, spec: { maxUnavailable: [1] } } as any)).not.toEqual([]);
  });
  it("refuses a kind it has no schema for", () => {
    expect(schemaProblems({ apiVersion: "traefik.containo.us/v1alpha1", kind: "IngressRoute" })).toEqual([
      "traefik.containo.us/v1alpha1/IngressRoute: no upstream schema known for this kind",
    ]);
  });
});
