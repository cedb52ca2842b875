/**
 * Per-ordinal maintenance (coins.<coin>.maintenance): the list reaches the pods through a ConfigMap
 * mounted whole, so changing it restarts no pod, and an alert fires when a maintenance outlives its until.
 */
import { configMapEndingWith, manifestsOfKind, podSpec, synthCoin } from "../helpers/coinstack";
import { shippedInput } from "../helpers/config";

const bitcoin = shippedInput("prod").coins.bitcoin;
const entry = { ordinal: 1, daemon: "stopped", until: "2026-12-05T00:00:00Z", reason: "re-sync after a corrupted chainstate" };
const inMaintenance = synthCoin("bitcoin", { env: "prod", settings: { ...bitcoin, maintenance: [entry] } });
const normal = synthCoin("bitcoin", { env: "prod", settings: bitcoin });

const maintenanceMap = (stack: typeof normal): any => configMapEndingWith(stack, "-maintenance");

describe("a coin's maintenance list", () => {
  it("is a ConfigMap with one key per ordinal in maintenance, saying whether its daemon is held stopped", () => {
    expect(maintenanceMap(inMaintenance).data).toEqual({ "ordinal-1": "stopped" });
  });
  it("exists, empty, when no ordinal is in maintenance, so the first one changes no pod template", () => {
    expect(maintenanceMap(normal).data).toEqual({});
    expect(podSpec(inMaintenance)).toEqual(podSpec(normal));
  });
  it("is mounted whole (no subPath: the kubelet updates it in running pods), read-only, in every container", () => {
    const spec = podSpec(normal);
    expect(spec.volume).toContainEqual({ name: "maintenance", config_map: { name: "${kubernetes_config_map_v1.coinstack_maintenance_config-map_09811F96.metadata[0].name}", default_mode: "0444" } });
    for (const container of spec.container) expect(container.volume_mount).toContainEqual({ name: "maintenance", mount_path: "/maintenance", read_only: true });
  });
  it("raises an alert once an ordinal's maintenance outlives its until", () => {
    const rules = manifestsOfKind(inMaintenance, "PrometheusRule")[0].spec.groups[0].rules;
    expect(rules.find((rule: any) => rule.alert === "CoinstackMaintenanceOverdue")).toEqual({
      alert: "CoinstackMaintenanceOverdue",
      expr: "time() > 1796428800",
      labels: { severity: "warning", asset: "bitcoin", namespace: "coin-bitcoin", pod: "bitcoin-sts-1" },
      annotations: {
        summary: "bitcoin: bitcoin-sts-1 is still in maintenance (daemon stopped) past 2026-12-05T00:00:00Z: re-sync after a corrupted chainstate",
        description: "Lift it by removing config/prod.yaml coins.bitcoin.maintenance[0], or move its until.",
      },
    });
  });
});

describe("the volume growth alert", () => {
  it("names, per service, the config line to raise before a claim fills at its recent growth", () => {
    const rules = manifestsOfKind(normal, "PrometheusRule")[0].spec.groups[0].rules.filter((rule: any) => rule.alert === "CoinstackVolumeFullSoon");
    expect(rules.map((rule: any) => rule.labels.service)).toEqual(["daemon", "indexer"]);
    expect(rules[0].expr).toBe('predict_linear(kubelet_volume_stats_available_bytes{namespace="coin-bitcoin",persistentvolumeclaim=~"data-daemon-bitcoin-sts-[0-9]+"}[6h], 259200) < 0');
    expect(rules[0].annotations.description).toMatch(/^Raise config\/prod\.yaml coins\.bitcoin\.services\.daemon\.storage\.size and deploy; EBS takes one modification per volume every 6 hours/);
  });
});

