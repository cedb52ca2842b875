import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { alertRules, podMonitor } from "../../lib/coinstack/manifests";
import { coinStack, manifestsOfKind } from "../helpers/coinstack";

const ofKind = (kind: string) => ({ manifest: expect.objectContaining({ kind }) });

describe("monitoring of a coinstack", () => {
  const synthesized = Testing.synth(coinStack("bitcoin"));
  const [rule] = manifestsOfKind(JSON.parse(synthesized), "PrometheusRule");

  it("alerts on down, not ready too long, restart storms, filling volumes and volumes that fill soon (one alert per service)", () => {
    expect(rule.spec.groups[0].rules.map((r: any) => r.alert)).toEqual(["CoinstackDown", "CoinstackNotReady", "CoinstackRestartStorm", "CoinstackVolumeFilling", "CoinstackVolumeFullSoon", "CoinstackVolumeFullSoon"]);
  });
  it("scopes every alert to the coin's namespace", () => {
    for (const r of rule.spec.groups[0].rules) expect(r.expr).toContain('namespace="coin-bitcoin"');
  });
  it("is not emitted when the environment has no monitoring", () => {
    expect(Testing.synth(coinStack("bitcoin", { env: "local" }))).not.toHaveResourceWithProperties(Manifest, ofKind("PrometheusRule"));
  });
  it("scrapes metrics ports with a PodMonitor when the coinstack has one", () => {
    const coinstack = { ports: [{ name: "metrics", port: 9615, role: "metrics", protocol: "TCP", service: "daemon" }], names: { selectorLabels: {}, namespace: "n", labels: {}, asset: "a" }, settings: { maintenance: [] }, services: [] } as any;
    expect(podMonitor(coinstack)?.spec.podMetricsEndpoints).toEqual([{ port: "metrics", interval: "30s" }]);
    expect(alertRules(coinstack).kind).toBe("PrometheusRule");
  });
  it("has no PodMonitor when the coinstack has no metrics port (bitcoin)", () => {
    expect(synthesized).not.toHaveResourceWithProperties(Manifest, ofKind("PodMonitor"));
  });
});
