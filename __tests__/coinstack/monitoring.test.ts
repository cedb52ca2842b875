import { alertRules, podMonitor } from "../../lib/coinstack/manifests";
import { manifestsOfKind, synthCoin } from "../helpers/coinstack";

describe("monitoring of a coinstack", () => {
  const stack = synthCoin("bitcoin");
  const [rule] = manifestsOfKind(stack, "PrometheusRule");

  it("alerts on down, not ready too long, restart storms and filling volumes", () => {
    expect(rule.spec.groups[0].rules.map((r: any) => r.alert)).toEqual(["CoinstackDown", "CoinstackNotReady", "CoinstackRestartStorm", "CoinstackVolumeFilling"]);
  });
  it("scopes every alert to the coin's namespace", () => {
    for (const r of rule.spec.groups[0].rules) expect(r.expr).toContain('namespace="coin-bitcoin"');
  });
  it("is not emitted when the environment has no monitoring", () => {
    expect(manifestsOfKind(synthCoin("bitcoin", { env: "local" }), "PrometheusRule")).toEqual([]);
  });
  it("scrapes metrics ports with a PodMonitor only when the coinstack has one", () => {
    const coinstack = { ports: [{ name: "metrics", port: 9615, role: "metrics", protocol: "TCP", service: "daemon" }], names: { selectorLabels: {}, namespace: "n", labels: {}, asset: "a" } } as any;
    expect(podMonitor(coinstack)?.spec.podMetricsEndpoints).toEqual([{ port: "metrics", interval: "30s" }]);
    expect(manifestsOfKind(stack, "PodMonitor")).toEqual([]);
    expect(alertRules(coinstack).kind).toBe("PrometheusRule");
  });
});
