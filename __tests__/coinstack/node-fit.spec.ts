/**
 * A coin's pods fit a node they may run on (lib/coinstack/resolve/node-fit.ts): found at synth, not as
 * a pod Pending forever. Red before the check: prod's new coins named no node group, so they could run
 * only on the system pool (m7a.large), and dev's bnbsmartchain asked for more than an r7a.2xlarge has.
 */
import { buildError } from "../helpers/bad-input";

const lines = (changes: Record<string, unknown>, base = "prod") => [...(buildError(changes, base)?.problems ?? [])];

it("refuses a coin that names no node group where the only untainted pool is too small for its pods", () => {
  expect(lines({ "coins.optimism.scheduling.nodeGroup": undefined })).toEqual([
    "config/prod.yaml: coins.optimism.scheduling.nodeGroup: expected a node group whose nodes fit optimism-sts's pods, which request 3.03 CPU and 34.05 GiB (system (m7a.large, m7i.large) offers 1.5 CPU and 6 GiB, after what a node keeps for itself), got nothing",
  ]);
});

it("refuses pods that ask for more than the smallest instance type of their node group offers", () => {
  expect(lines({ "coins.bnbsmartchain.services.daemon.resources": { requests: { cpu: "8", memory: "72Gi" }, limits: { cpu: "16", memory: "72Gi" } } }, "dev")).toEqual([
    "config/dev.yaml: coins.bnbsmartchain.scheduling.nodeGroup: expected a node group whose nodes fit bnbsmartchain-sts's pods, which request 10.01 CPU and 88.02 GiB (chain (r7a.2xlarge, r6a.2xlarge) offers 7.5 CPU and 62 GiB, after what a node keeps for itself), got nothing",
  ]);
});

it("refuses a coin that names no node group when every node group is tainted", () => {
  const taint = [{ key: "coinstacks.io/pool", value: "chain", effect: "NO_SCHEDULE" }];
  expect(lines({ "cluster.nodeGroups[0].taints": taint, "coins.ethereum.scheduling.nodeGroup": undefined }, "dev")).toEqual(
    expect.arrayContaining(["config/dev.yaml: coins.ethereum.scheduling.nodeGroup: expected a node group for ethereum-sts's pods: every node group is tainted, so they may run on none, got nothing"]),
  );
});

it("leaves alone instance types it has no sizes for, and pods placed by custom selectors or tolerations", () => {
  const huge = { requests: { cpu: "64", memory: "900Gi" }, limits: { cpu: "64", memory: "900Gi" } };
  expect(lines({ "coins.bnbsmartchain.services.daemon.resources": huge })).toHaveLength(1);
  expect(lines({ "cluster.nodeGroups[0].instanceTypes": ["x9z.metal"], "coins.bnbsmartchain.services.daemon.resources": huge })).toEqual([]);
  expect(lines({ "coins.optimism.scheduling.nodeGroup": undefined, "coins.optimism.scheduling.nodeSelector": { "example.com/big": "true" } })).toEqual([]);
});

it("passes every shipped environment", () => {
  for (const env of ["dev", "prod", "local"]) expect([env, lines({}, env)]).toEqual([env, []]);
});

it("refuses a node group whose nodes cannot hold, together, every coin pod placed on it (dev's chain group with 3 nodes: no autoscaler runs)", () => {
  expect(lines({ "cluster.nodeGroups[0].desiredSize": 3 }, "dev")).toEqual([
    "config/dev.yaml: cluster.nodeGroups[0].desiredSize: expected at least 10 nodes: the coin pods placed on chain request 52.26 CPU and 564.5 GiB in all, and a node (the smallest of r7a.2xlarge, r6a.2xlarge) offers 7.5 CPU and 62 GiB (no autoscaler runs: desiredSize is the number of nodes), got 3",
  ]);
});

it("counts every replica of a coin placed on the group (prod's chain group holds its coins' 2 replicas each)", () => {
  expect(lines({ "cluster.nodeGroups[0].desiredSize": 4 })).toEqual([expect.stringMatching(/^config\/prod\.yaml: cluster\.nodeGroups\[0\]\.desiredSize: expected at least \d+ nodes: the coin pods placed on chain request [\d.]+ CPU and [\d.]+ GiB in all/)]);
});
