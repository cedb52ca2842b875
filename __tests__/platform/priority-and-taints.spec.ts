/**
 * Issue 13, item 8: chain pods outrank the platform's, chain node pools can be
 * tainted so the platform stays off them, platform pods tolerate nothing they
 * do not need, and coin pods tolerate their pool's taint when config names it.
 */
import { buildError } from "../helpers/bad-input";
import { podSpec, synthCoin } from "../helpers/coinstack";
import { resourcesOf, variantOf, synthShipped } from "../helpers/synth";

const prod = synthShipped("prod").json;
const platform = prod["prod-platform"]!;
const releases = Object.fromEntries(resourcesOf(platform, "helm_release").map(([, r]) => [r.name, r]));
/** Every values document of a release, merged as Helm merges them (maps key by key, lists replaced). */
const merged = (release: any): any => {
  const merge = (a: any, b: any): any =>
    a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)
      ? Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, k in b ? merge(a[k], b[k]) : a[k]]))
      : b;
  return release.values.map((v: string) => JSON.parse(v)).reduce(merge, {});
};
/** Every `tolerations` list anywhere in a values tree, by its path. */
const tolerations = (values: any, path = ""): [string, unknown][] =>
  values && typeof values === "object" && !Array.isArray(values)
    ? Object.entries(values).flatMap(([k, v]) => (k === "tolerations" ? [[`${path}${k}`, v] as [string, unknown]] : tolerations(v, `${path}${k}.`)))
    : [];

describe("PriorityClasses", () => {
  const classes = Object.fromEntries(resourcesOf(platform, "kubernetes_priority_class_v1").map(([, c]) => [c.metadata.name, c.value]));

  it("are created by the platform stack, chain above platform", () => {
    expect(Object.keys(classes).sort()).toEqual(["coinstacks-chain", "coinstacks-platform"]);
    expect(classes["coinstacks-chain"]).toBeGreaterThan(classes["coinstacks-platform"]);
  });

  it("are named by every platform pod, and exist before the releases that name them", () => {
    for (const name of ["traefik", "cert-manager", "external-dns", "kube-prometheus-stack"]) {
      expect(JSON.stringify(merged(releases[name]))).toContain('"coinstacks-platform"');
      expect(releases[name].depends_on).toContainEqual(expect.stringMatching(/^kubernetes_priority_class_v1\.priority-classes_platform_/));
    }
    expect(merged(releases["kube-prometheus-stack"]).prometheus.prometheusSpec.priorityClassName).toBe("coinstacks-platform");
  });

  it("put coin pods in the chain class by default, and config can name another", () => {
    expect(podSpec(prod["prod-bitcoin"]!).priority_class_name).toBe("coinstacks-chain");
    expect(podSpec(synthCoin("bitcoin", { settings: { scheduling: { priorityClassName: "system-node-critical" } } })).priority_class_name).toBe("system-node-critical");
  });
});

describe("a tainted chain node pool", () => {
  it("keeps Prometheus, Traefik and every other platform pod off: they tolerate nothing", () => {
    for (const name of ["traefik", "cert-manager", "external-dns", "kube-prometheus-stack"]) {
      for (const [path, list] of tolerations(merged(releases[name]))) {
        if (path === "prometheus-node-exporter.tolerations") continue;
        expect([name, path, list]).toEqual([name, path, []]);
      }
    }
  });

  it("still runs node-exporter on every node: it tolerates exactly the node groups' taints", () => {
    expect(merged(releases["kube-prometheus-stack"])["prometheus-node-exporter"].tolerations).toEqual([
      { key: "coinstacks.io/pool", operator: "Equal", value: "chain", effect: "NoSchedule" },
    ]);
  });

  it("takes the coins that name it in scheduling.nodeGroup: its labels select the nodes and its taint is tolerated", () => {
    const spec = podSpec(prod["prod-bitcoin"]!);
    expect(spec.node_selector).toEqual({ "coinstacks.io/pool": "chain" });
    expect(spec.toleration).toEqual([{ key: "coinstacks.io/pool", operator: "Equal", value: "chain", effect: "NoSchedule" }]);
  });

  it("is tolerated with Exists when its taint has no value", () => {
    const env = variantOf("prod", (input) => {
      input.cluster.nodeGroups[0].taints = [{ key: "coinstacks.io/chain-only", effect: "NO_EXECUTE" }];
    });
    expect(podSpec(synthCoin("bitcoin", { env })).toleration).toEqual([{ key: "coinstacks.io/chain-only", operator: "Exists", effect: "NoExecute" }]);
  });
});

describe("coins.<coin>.scheduling.nodeGroup", () => {
  it("must name a node group of the cluster", () => {
    expect(buildError({ "coins.bitcoin.scheduling.nodeGroup": "gpu" })?.problems).toEqual([
      'config/prod.yaml: coins.bitcoin.scheduling.nodeGroup: expected one of cluster.nodeGroups\' names ("chain", "system"), got "gpu"',
    ]);
  });

  it("must name a group with labels to select its nodes by", () => {
    expect(buildError({ "cluster.nodeGroups[0].labels": {} })?.problems).toContainEqual(
      'config/prod.yaml: coins.bitcoin.scheduling.nodeGroup: expected a node group with labels to select its nodes by (cluster.nodeGroups: "chain" has none), got "chain"',
    );
  });
});
