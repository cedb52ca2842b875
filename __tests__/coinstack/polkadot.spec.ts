/**
 * The polkadot coinstack: full nodes in the main StatefulSet and an optional validator in a
 * StatefulSet of its own, with its node key on its own volume and an optional protected mode
 * (reserved peering with its own full nodes only). Node keys: polkadot-node-keys.spec.ts.
 */
import { ConfigError } from "../../lib/config/messages";
import { schemaProblems } from "../../lib/policy/schemas";
import { manifestsOfKind, synthCoin } from "../helpers/coinstack";
import { allStrings, resourcesOf, type SynthesizedStack } from "../helpers/synth";

const VALIDATOR_HOST = "polkadot-validator-sts-0.polkadot-validator-headless.coin-polkadot.svc.cluster.local";

/** Prod settings (mainnet, LoadBalancer P2P) with the validator switched as asked. */
function polkadot(validator: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): SynthesizedStack {
  return synthCoin("polkadot", {
    env: "prod",
    settings: { replicas: 2, p2p: { exposure: "LoadBalancer" }, ...(validator ? { workloads: { validator } } : {}), ...extra },
  });
}

function statefulSets(stack: SynthesizedStack): Record<string, any> {
  return Object.fromEntries(resourcesOf(stack, "kubernetes_stateful_set_v1").map(([, body]) => [body.metadata.name, body]));
}

function daemon(sts: any): any {
  return sts.spec.template.spec.container.find((c: any) => c.name.endsWith("-daemon"));
}

function envOf(sts: any): Record<string, string | undefined> {
  return Object.fromEntries(daemon(sts).env.map((e: any) => [e.name, e.value]));
}

function policies(stack: SynthesizedStack): Record<string, any> {
  return Object.fromEntries(resourcesOf(stack, "kubernetes_network_policy_v1").map(([, body]) => [body.metadata.name, body]));
}

/** Whether a matchLabels selector selects a pod with these labels. */
function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

const off = polkadot(undefined);
const on = polkadot({ enabled: true });
const guarded = polkadot({ enabled: true, protected: true });

describe("polkadot full nodes", () => {
  it("run the replicas from config in the main StatefulSet", () => {
    expect(statefulSets(off)["polkadot-sts"].spec.replicas).toBe("2");
  });
  it("get one P2P Service per pod, selecting that full node only", () => {
    const services = resourcesOf(off, "kubernetes_service_v1").map(([, s]) => s);
    const p2p = services.filter((s) => /-p2p-\d$/.test(s.metadata.name));
    expect(p2p.map((s) => s.metadata.name).sort()).toEqual(["polkadot-p2p-0", "polkadot-p2p-1"]);
    expect(p2p[0].spec.selector["statefulset.kubernetes.io/pod-name"]).toBe("polkadot-sts-0");
    expect(p2p.every((s) => s.spec.port.map((p: any) => p.port).join() === "30333")).toBe(true);
  });
  it("expose Prometheus metrics on 9615 to the monitoring namespace only", () => {
    const admitting = Object.values(policies(on)).filter((p: any) => (p.spec.ingress ?? []).some((rule: any) => (rule.ports ?? []).some((port: any) => port.port === "9615")));
    expect(admitting.map((p: any) => p.metadata.name).sort()).toEqual(["allow-metrics", "validator-allow-metrics"]);
    for (const policy of admitting) expect(policy.spec.ingress[0].from).toEqual([{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "monitoring" } } }]);
  });
  it("never route the RPC port: no IngressRoute, RPC only on the in-cluster client Service", () => {
    expect(manifestsOfKind(on, "IngressRoute")).toEqual([]);
    const client = resourcesOf(on, "kubernetes_service_v1").map(([, s]) => s).find((s) => s.metadata.name === "polkadot-svc");
    expect(client.spec.type).toBe("ClusterIP");
    expect(client.spec.port.map((p: any) => p.port)).toEqual([9944]);
  });
  it("mount no Secret when there is no validator", () => {
    expect(resourcesOf(off, "kubernetes_secret_v1")).toEqual([]);
    expect(statefulSets(off)["polkadot-sts"].spec.template.spec.volume.some((v: any) => v.secret)).toBe(false);
  });
});

describe("polkadot validator", () => {
  it("is absent unless enabled", () => {
    expect(Object.keys(statefulSets(off))).toEqual(["polkadot-sts"]);
  });
  it("runs exactly one replica in its own StatefulSet, OrderedReady, never two pods at once", () => {
    const sts = statefulSets(on)["polkadot-validator-sts"];
    expect(sts.spec.replicas).toBe("1");
    expect(sts.spec.pod_management_policy).toBe("OrderedReady");
    expect(sts.spec.update_strategy).toEqual([{ type: "RollingUpdate", rolling_update: [{ partition: 0 }] }]);
    expect(envOf(sts).ROLE).toBe("validator");
  });
  it("refuses any other replica count in config, saying why", () => {
    expect(() => polkadot({ enabled: true, replicas: 2 })).toThrow(
      "config/prod.yaml: coins.polkadot.workloads.validator.replicas: expected 1: a validator runs exactly one replica (two validators with the same keys equivocate and are slashed), got 2",
    );
    expect(() => polkadot({ enabled: true, replicas: 2 })).toThrow(ConfigError);
  });
  it("accepts replicas: 1 spelled out", () => {
    expect(() => polkadot({ enabled: true, replicas: 1 })).not.toThrow();
  });
  it("never holds a node key literal in the synthesized JSON", () => {
    for (const stack of [on, guarded]) {
      const checksums = new Set(Object.values(statefulSets(stack)).map((sts) => sts.spec.template.metadata.annotations["coinstacks.io/scripts-checksum"]));
      expect(allStrings(stack).filter((s) => /^(0x)?[0-9a-f]{64}$/i.test(s) && !checksums.has(s))).toEqual([]);
    }
  });
  it("keeps its RPC on 127.0.0.1: no RPC port, Service or client Service of its own", () => {
    const sts = statefulSets(on)["polkadot-validator-sts"];
    expect(daemon(sts).port.map((p: any) => p.container_port)).toEqual([30333, 9615]);
    expect(envOf(sts).RPC_EXTERNAL).toBe("0");
    const names = resourcesOf(on, "kubernetes_service_v1").map(([, s]) => s.metadata.name);
    expect(names.filter((n) => n.startsWith("polkadot-validator"))).toEqual(["polkadot-validator-headless"]);
  });
  it("has selector labels that never overlap the full nodes', and its own PDB", () => {
    const sets = statefulSets(on);
    const full = sets["polkadot-sts"];
    const validator = sets["polkadot-validator-sts"];
    expect(selects(full.spec.selector.match_labels, validator.spec.template.metadata.labels)).toBe(false);
    expect(selects(validator.spec.selector.match_labels, full.spec.template.metadata.labels)).toBe(false);
    const budgets = manifestsOfKind(on, "PodDisruptionBudget");
    expect(budgets.map((b) => b.metadata.name).sort()).toEqual(["polkadot-pdb", "polkadot-validator-pdb"]);
    const own = budgets.find((b) => b.metadata.name === "polkadot-validator-pdb");
    expect(own.spec.selector.matchLabels).toEqual(validator.spec.selector.match_labels);
    for (const [, service] of resourcesOf(on, "kubernetes_service_v1")) {
      // Per-pod P2P Services add the pod-name label the controller sets; the rest must pick one workload.
      const { "statefulset.kubernetes.io/pod-name": _pod, ...selector } = service.spec.selector;
      const matches = [full, validator].filter((sts) => selects(selector, sts.spec.template.metadata.labels));
      expect(matches.length).toBe(1);
    }
  });
  it("has a claim of its own, adopted by its StatefulSet", () => {
    const claims = resourcesOf(on, "kubernetes_persistent_volume_claim_v1").map(([, c]) => c.metadata.name);
    expect(claims).toContain("data-daemon-polkadot-validator-sts-0");
  });
  it("shares the namespace's single default deny", () => {
    const names = Object.keys(policies(on));
    expect(names.filter((n) => n.endsWith("default-deny"))).toEqual(["default-deny"]);
  });
});

describe("polkadot protected mode", () => {
  it("lets the validator talk to its own full nodes' P2P and peer-id ports and kube-dns, nothing else but metrics scrapes", () => {
    const all = policies(guarded);
    const validatorPods = statefulSets(guarded)["polkadot-validator-sts"].spec.template.metadata.labels;
    const applying = Object.values(all).filter((p: any) => p.spec.pod_selector.match_labels === undefined || selects(p.spec.pod_selector.match_labels, validatorPods));
    expect(applying.map((p: any) => p.metadata.name).sort()).toEqual(["default-deny", "validator-allow-dns", "validator-allow-metrics", "validator-allow-p2p-main"]);
    const p2p = all["validator-allow-p2p-main"];
    const fullNodes = { pod_selector: { match_labels: statefulSets(guarded)["polkadot-sts"].spec.selector.match_labels } };
    const peering = [{ port: "30333", protocol: "TCP" }, { port: "30334", protocol: "TCP" }];
    expect(p2p.spec.egress).toEqual([{ to: [fullNodes], ports: peering }]);
    expect(p2p.spec.ingress).toEqual([{ from: [fullNodes], ports: peering }]);
    expect(all["validator-allow-dns"].spec.egress[0].to[0].namespace_selector.match_labels).toEqual({ "kubernetes.io/metadata.name": "kube-system" });
  });
  it("lets the full nodes reach the validator by pod selector (ipBlock does not match pods on every CNI)", () => {
    const policy = policies(guarded)["validator-main-allow-p2p"];
    expect(policy.spec.pod_selector.match_labels).toEqual(statefulSets(guarded)["polkadot-sts"].spec.selector.match_labels);
    expect(policy.spec.egress[0].to[0].pod_selector.match_labels).toEqual(statefulSets(guarded)["polkadot-validator-sts"].spec.selector.match_labels);
  });
  it("is absent when off: the validator peers with anyone", () => {
    const all = policies(on);
    expect(Object.keys(all).filter((n) => n.includes("main"))).toEqual([]);
    expect(all["validator-allow-p2p"].spec.egress).toEqual([{ to: [{ ip_block: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"] } }] }]);
    expect(envOf(statefulSets(on)["polkadot-sts"]).RESERVED_PEERS).toBeUndefined();
  });
  it("reserves the validator on every full node, by its headless DNS name", () => {
    const env = envOf(statefulSets(guarded)["polkadot-sts"]);
    expect(env.RESERVED_PEERS).toBe(VALIDATOR_HOST);
    expect(env.NODE_KEY_FILE).toBeUndefined();
  });
  it("reserves every full node on the validator, reserved-only", () => {
    const env = envOf(statefulSets(guarded)["polkadot-validator-sts"]);
    expect(env.RESERVED_PEERS).toBe("polkadot-sts-0.polkadot-headless.coin-polkadot.svc.cluster.local polkadot-sts-1.polkadot-headless.coin-polkadot.svc.cluster.local");
    expect(env.RESERVED_ONLY).toBe("1");
  });
  it("is refused while the validator is not enabled", () => {
    expect(() => polkadot({ protected: true })).toThrow(
      "config/prod.yaml: coins.polkadot.workloads.validator.protected: expected false while the workload is not enabled (enabled: true turns it on), got true",
    );
  });
});

describe("workloads on a coin without any", () => {
  it("are refused by name", () => {
    expect(() => synthCoin("bitcoin", { settings: { workloads: { validator: { enabled: true } } } })).toThrow(
      "config/dev.yaml: coins.bitcoin.workloads.validator: unknown workload; bitcoin has none, got nothing",
    );
  });
});

describe("polkadot networks", () => {
  it("run westend as polkadot-westend and dev as a private --dev chain with relaxed probes", () => {
    const westend = envOf(statefulSets(synthCoin("polkadot", { settings: { network: "westend" } }))["polkadot-westend-sts"]);
    expect(westend.CHAIN_FLAG).toBe("--chain=westend");
    const dev = envOf(statefulSets(synthCoin("polkadot", { settings: { network: "dev" } }))["polkadot-dev-sts"]);
    expect(dev).toMatchObject({ CHAIN_FLAG: "--dev", MIN_PEERS: "0", LIVENESS_WINDOW_SECONDS: "0" });
    expect(envOf(statefulSets(off)["polkadot-sts"])).toMatchObject({ CHAIN_FLAG: "--chain=polkadot", MIN_PEERS: "1", LIVENESS_WINDOW_SECONDS: "900" });
  });
  it("take probe thresholds from config, and refuse one that is not a non-negative integer", () => {
    const stack = polkadot({ enabled: true, services: { daemon: { env: { MIN_PEERS: "3" } } } });
    expect(envOf(statefulSets(stack)["polkadot-validator-sts"]).MIN_PEERS).toBe("3");
    expect(() => polkadot({ enabled: true, services: { daemon: { env: { MIN_PEERS: "some" } } } })).toThrow(
      'config/prod.yaml: coins.polkadot.workloads.validator.services.daemon.env.MIN_PEERS: expected a non-negative integer (a probe threshold or tunable; see the service\'s scripts), got "some"',
    );
  });
});

describe.each([
  ["validator off", off],
  ["validator on", on],
  ["protected", guarded],
])("every kubernetes_manifest of polkadot (%s)", (_label, stack) => {
  const manifests = Object.values(stack.resource.kubernetes_manifest ?? {}).map((r: any) => r.manifest);
  it.each(manifests.map((m) => [`${m.kind} ${m.metadata.name}`, m]))("%s validates against the upstream schema", (_name, manifest) => {
    expect(schemaProblems(manifest)).toEqual([]);
  });
});
