/**
 * The ethereum coinstack (EVM family): geth, a Lighthouse beacon node and blockbook
 * in one StatefulSet; the engine-API JWT generated as hex by Terraform and mounted
 * into both clients; only blockbook's API routed; the engine API kept in the
 * coinstack; probes wired; reference URLs with credentials refused at synth.
 */
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Id } from "@cdktf/provider-random/lib/id";
import { Password } from "@cdktf/provider-random/lib/password";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { COINS } from "../../coinstacks";
import { schemaProblems } from "../../lib/policy/schemas";
import { coinStack, container, manifestsOfKind, podSpec, scriptsConfigMapData, synthCoin } from "../helpers/coinstack";
import { resourcesOf, shippedEnvironment, type SynthesizedStack } from "../helpers/synth";

function env(c: any): Record<string, string> {
  return Object.fromEntries((c.env as { name: string; value?: string }[]).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
}
function mounts(c: any): Record<string, any> {
  return Object.fromEntries(c.volume_mount.map((m: any) => [m.mount_path, m]));
}
function routedPorts(stack: SynthesizedStack): number[] {
  return manifestsOfKind(stack, "IngressRoute").flatMap((r) => r.spec.routes.flatMap((route: any) => route.services.map((s: any) => s.port)));
}

describe.each(["dev", "prod"])("ethereum in %s", (envName) => {
  const synthesized = Testing.synth(coinStack("ethereum", { env: envName }));
  const stack = JSON.parse(synthesized) as SynthesizedStack;
  const geth = container(stack, "ethereum-daemon");
  const beacon = container(stack, "ethereum-daemon-beacon");
  const monitor = container(stack, "ethereum-daemon-beacon-monitor");
  const indexer = container(stack, "ethereum-indexer");

  it("runs geth, the beacon node (with its readiness monitor) and blockbook, on pinned images", () => {
    expect(podSpec(stack).container.map((c: any) => c.name)).toEqual(["ethereum-daemon", "ethereum-daemon-beacon", "ethereum-daemon-beacon-monitor", "ethereum-indexer", "ethereum-probe-metrics"]);
    expect([geth.image, beacon.image, indexer.image]).toEqual(["ethereum/client-go:v1.17.1", "sigp/lighthouse:v8.1.2", "shapeshiftdao/unchained-blockbook:bb02eb5"]);
  });

  describe("the engine-API JWT", () => {
    it("is generated as 64 hex characters by an ephemeral password, no managed random resource", () => {
      expect(Object.values<any>(stack.ephemeral!.random_password!).map((p) => [p.length, p.override_special])).toEqual([[64, "abcdef"]]);
      expect(synthesized).not.toHaveResource(Password);
      expect(synthesized).not.toHaveResource(Id);
    });
    it("is the Secret's only key, written only through the write-only data_wo", () => {
      expect(resourcesOf(stack, "kubernetes_secret_v1")).toHaveLength(1);
      expect(synthesized).toHaveResourceWithProperties(SecretV1, { data_wo: { "jwt.hex": expect.stringMatching(/^\$\{ephemeral\.random_password\.[\w-]+\.result\}$/) } });
    });
    it("is mounted read-only under /secrets into both clients, which are told its path only", () => {
      for (const c of [geth, beacon]) {
        expect(mounts(c)["/secrets"]).toMatchObject({ name: "credentials", read_only: true });
        expect(env(c).SECRETS_DIR).toBe("/secrets");
      }
      expect(podSpec(stack).volume.find((v: any) => v.name === "credentials").secret.secret_name).toBe("ethereum-credentials");
    });
    it("appears in no environment variable, script or config file", () => {
      const texts = [JSON.stringify(podSpec(stack).container.map((c: any) => c.env)), ...Object.values(scriptsConfigMapData(stack) as Record<string, string>)];
      for (const text of texts) expect(text).not.toMatch(/random_id|[0-9a-f]{64}/);
    });
  });

  describe("ports", () => {
    it("declares the engine API with role auth, geth's and the beacon's RPC ports, and geth's metrics", () => {
      expect(geth.port.map((p: any) => [p.name, p.container_port, p.protocol])).toEqual([
        ["daemon-rpc", 8545, "TCP"],
        ["daemon-ws", 8546, "TCP"],
        ["daemon-auth", 8551, "TCP"],
        ["daemon-p2p", 30303, "TCP"],
        ["daemon-disc", 30303, "UDP"],
        ["daemon-metrics", 6060, "TCP"],
      ]);
      const spec = COINS.ethereum.spec("mainnet");
      expect(spec.services[0]!.ports.find((p) => p.port === 8551)!.role).toBe("auth");
    });
    it("routes only blockbook's API", () => {
      expect(routedPorts(stack)).toEqual([8001]);
      const hosts = resourcesOf(stack, "kubernetes_ingress_v1").flatMap(([, i]) => i.spec.rule.map((r: any) => r.host));
      expect(hosts).toEqual([`indexer.ethereum.${envName === "dev" ? "dev." : ""}coinstacks.example.com`]);
    });
    it("puts no port in a LoadBalancer or NodePort Service (P2P exposure is none)", () => {
      const types = resourcesOf(stack, "kubernetes_service_v1").map(([, s]) => s.spec.type ?? "ClusterIP");
      expect(types.filter((t) => t === "LoadBalancer" || t === "NodePort")).toEqual([]);
    });
    it("keeps the engine API inside the coinstack: only the coinstack's own pods may reach 8551", () => {
      const policies = resourcesOf(stack, "kubernetes_network_policy_v1").map(([, p]) => p);
      const admitting = policies.filter((p) => (p.spec.ingress ?? []).some((rule: any) => (rule.ports ?? []).some((port: any) => port.port === "8551")));
      expect(admitting.map((p) => p.metadata.name)).toEqual(["allow-coinstack-internal"]);
      expect(admitting[0].spec.ingress).toEqual([{ from: [{ pod_selector: { match_labels: expect.any(Object) } }], ports: expect.any(Array) }]);
      expect(admitting[0].spec.ingress[0].from[0].namespace_selector).toBeUndefined();
      // The P2P policy admits peers from anywhere, on the P2P ports only.
      const p2p = policies.find((p) => p.metadata.name === "allow-p2p")!;
      expect(p2p.spec.ingress[0].ports.map((p: any) => `${p.port}/${p.protocol}`).sort()).toEqual(["30303/TCP", "30303/UDP", "9000/TCP", "9000/UDP", "9001/UDP"]);
    });
    it("binds the engine API to 127.0.0.1 (geth's init), so it never leaves the pod", () => {
      const data = scriptsConfigMapData(stack);
      expect(data["daemon-init.sh"]).toContain("--authrpc.addr=127.0.0.1");
      expect(data["daemon-beacon-init.sh"]).toContain('--execution-endpoint="http://127.0.0.1:$AUTH_PORT"');
    });
  });

  describe("probes", () => {
    it("wires geth's startup, liveness and readiness scripts with their libraries", () => {
      for (const kind of ["startup", "liveness", "readiness"]) expect(geth[`${kind}_probe`].exec.command).toEqual([`/${kind}.sh`]);
      expect(Object.keys(mounts(geth))).toEqual(expect.arrayContaining(["/init.sh", "/startup.sh", "/liveness.sh", "/readiness.sh", "/probe-lib.sh", "/evm-lib.sh"]));
      expect(geth.readiness_probe.timeout_seconds).toBe(20);
    });
    it("runs the beacon's startup and liveness in the Lighthouse container itself, so a failing liveness restarts Lighthouse", () => {
      for (const kind of ["startup", "liveness"]) expect(beacon[`${kind}_probe`].exec.command).toEqual([`/${kind}.sh`]);
      expect(Object.keys(mounts(beacon))).toEqual(expect.arrayContaining(["/init.sh", "/startup.sh", "/liveness.sh", "/probe-lib.sh", "/beacon-lib.sh"]));
      expect(mounts(beacon)["/readiness.sh"]).toBeUndefined();
      expect(monitor.startup_probe).toBeUndefined();
      expect(monitor.liveness_probe).toBeUndefined();
      expect(env(beacon)).toMatchObject({ BEACON_PORT: "5052", LIVENESS_WINDOW_SECONDS: "900" });
    });
    it("gives the beacon node an hour to start (checkpoint state download, database migration)", () => {
      expect(beacon.startup_probe.period_seconds * beacon.startup_probe.failure_threshold).toBe(3600);
    });
    it("runs the beacon's readiness in the monitor container, which sees the kill switch and the probe library", () => {
      expect(beacon.readiness_probe).toBeUndefined();
      expect(monitor.readiness_probe.exec.command).toEqual(["/readiness.sh"]);
      expect(mounts(monitor)["/data"]).toMatchObject({ name: "data-daemon-beacon", read_only: true });
      expect(mounts(monitor)["/probe-lib.sh"]).toMatchObject({ sub_path: "daemon-beacon-probe-lib.sh" });
      expect(env(monitor)).toMatchObject({ BEACON_PORT: "5052", MIN_PEERS: "1" });
    });
    it("hands geth its thresholds and reference endpoints as environment", () => {
      expect(env(geth)).toMatchObject({ MIN_PEERS: "1", BLOCK_TOLERANCE: "5", REFERENCE_QUORUM: "2", LIVENESS_WINDOW_SECONDS: "900" });
      expect(env(geth).REFERENCE_ENDPOINTS!.split(",")).toHaveLength(3);
    });
    it("starts blockbook with the EVM init (waits for geth's RPC) and reuses blockbook's probes", () => {
      const data = scriptsConfigMapData(stack);
      expect(data["indexer-init.sh"]).toContain("eth_blockNumber");
      expect(env(indexer)).toMatchObject({ BACKEND_RPC_PORT: "8545", INDEXER_LAG_TOLERANCE: "2" });
      expect(indexer.readiness_probe.exec.command).toEqual(["/readiness.sh"]);
      const config = JSON.parse(data["indexer-blockbook-config.json"]);
      expect(config).toMatchObject({ coin_name: "Ethereum", coin_shortcut: "ETH", rpc_url: "ws://127.0.0.1:8546" });
      expect(config.rpc_user).toBeUndefined();
    });
  });

  it("emits custom resources that validate against the upstream schemas", () => {
    for (const manifest of Object.values(stack.resource.kubernetes_manifest ?? {}).map((r: any) => r.manifest)) expect(schemaProblems(manifest)).toEqual([]);
  });
});

describe("ethereum sizes", () => {
  it("follows the original system (memory 32/16/12Gi) with a 2000Gi geth volume, 2 replicas in prod", () => {
    const prod = shippedEnvironment("prod").coins.ethereum!;
    expect(prod.replicas).toBe(2);
    const stack = synthCoin("ethereum", { env: "prod" });
    const claims = Object.fromEntries(resourcesOf(stack, "kubernetes_persistent_volume_claim_v1").map(([, c]) => [c.metadata.name, c]));
    expect(claims["data-daemon-ethereum-sts-0"].spec.resources.requests.storage).toBe("2000Gi");
    expect(claims["data-daemon-ethereum-sts-0"].metadata.annotations).toEqual({ "ebs.csi.aws.com/iops": "6000", "ebs.csi.aws.com/throughput": "250" });
    expect(claims["data-daemon-beacon-ethereum-sts-1"].spec.resources.requests.storage).toBe("600Gi");
    expect(container(stack, "ethereum-daemon").resources.limits.memory).toBe("32Gi");
  });
});

describe("ethereum networks", () => {
  it("offers mainnet (the default) and sepolia", () => {
    expect(COINS.ethereum.networks).toEqual(["mainnet", "sepolia"]);
  });
  it("runs sepolia with geth's --sepolia, Lighthouse's sepolia and blockbook's Ethereum Testnet Sepolia", () => {
    const stack = synthCoin("ethereum", { settings: { network: "sepolia" } });
    expect(env(container(stack, "ethereum-sepolia-daemon")).NETWORK_FLAG).toBe("--sepolia");
    expect(env(container(stack, "ethereum-sepolia-daemon-beacon")).BEACON_NETWORK).toBe("sepolia");
    const config = JSON.parse(scriptsConfigMapData(stack)["indexer-blockbook-config.json"]);
    expect(config.coin_name).toBe("Ethereum Testnet Sepolia");
  });
});

describe("validation at synth", () => {
  const withReferences = (value: string) => () => coinStack("ethereum", { settings: { services: { daemon: { env: { REFERENCE_ENDPOINTS: value } } } } });
  const refused = (value: string) =>
    `config/dev.yaml: coins.ethereum.services.daemon.env.REFERENCE_ENDPOINTS: expected comma-separated http(s) URLs without credentials (no user:password@, no key or token query parameter, no API key in the path: a URL with an API key is a secret), got "${value}"`;

  it.each([
    "https://user:secret@eth.example.com",
    "https://eth.example.com/rpc?apikey=abc",
    "https://eth.example.com/?token=abc",
    "https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef",
    "https://ok.example.com,https://eth-mainnet.g.alchemy.com/v2/AbCdEfGhIjKlMnOpQrStUvWxYz012345",
    "ftp://eth.example.com",
  ])("refuses reference endpoint %s", (value) => {
    expect(withReferences(value)).toThrow(refused(value).slice(0, refused(value).indexOf(", got")));
  });
  it("names the refused value in the message", () => {
    expect(withReferences("https://u:p@eth.example.com")).toThrow(refused("https://u:p@eth.example.com"));
  });
  it("accepts public endpoints without credentials", () => {
    expect(withReferences("https://ethereum-rpc.publicnode.com,https://eth.drpc.org")).not.toThrow();
  });
  it("accepts a long path segment of lowercase words joined by hyphens (a bucket's name), not a key", () => {
    expect(withReferences("https://storage.googleapis.com/mainnet-heimdallv2-genesis/migrated_dump-genesis.json")).not.toThrow();
  });
  it("still refuses a key of lowercase letters and digits joined by a hyphen", () => {
    const value = "https://eth.example.com/v2/0123456789abcdef-0123456789abcdef";
    expect(withReferences(value)).toThrow(refused(value));
  });
  it("refuses a checkpoint sync URL with credentials", () => {
    expect(() => coinStack("ethereum", { settings: { services: { "daemon-beacon": { env: { CHECKPOINT_SYNC_URL: "https://u:p@checkpoint.example.com" } } } } })).toThrow(
      "coins.ethereum.services.daemon-beacon.env.CHECKPOINT_SYNC_URL: expected comma-separated http(s) URLs without credentials",
    );
  });
  it("refuses thresholds that are not non-negative integers", () => {
    expect(() => coinStack("ethereum", { settings: { services: { daemon: { env: { REFERENCE_QUORUM: "most" } } } } })).toThrow(
      'coins.ethereum.services.daemon.env.REFERENCE_QUORUM: expected a non-negative integer (a probe threshold or tunable; see the service\'s scripts), got "most"',
    );
  });
  it("refuses inbound P2P exposure, which geth cannot advertise per pod", () => {
    expect(() => coinStack("ethereum", { settings: { p2p: { exposure: "NodePort", nodePortBase: 30500 } } })).toThrow(
      `config/dev.yaml: coins.ethereum.p2p.exposure: expected one of "none": ethereum's clients cannot advertise a per-pod address behind NodePort, got "NodePort"`,
    );
  });
});
