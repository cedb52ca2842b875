/**
 * Issue 18, the OP Stack family (optimism, base): op-reth + op-node + blockbook, on OP Labs' images
 * treated as shell-less: flags on the command line, the kubelet's own startup and liveness, readiness
 * in monitor containers, and nothing that would need a shell to hold them stopped.
 */
import { buildError } from "../helpers/bad-input";
import { container, manifestsOfKind, oneServiceCoin, podSpec, resolveInDev, synthCoin } from "../helpers/coinstack";
import { ConfigError } from "../../lib/config/messages";

const RETH_ARGS = [
  "node",
  "--chain=optimism",
  "--datadir=/data",
  "--log.file.max-files=0",
  "--http", "--http.addr=0.0.0.0", "--http.port=8545", "--http.api=eth,net,web3,debug,txpool",
  "--ws", "--ws.addr=0.0.0.0", "--ws.port=8546", "--ws.api=eth,net,web3,debug,txpool",
  "--authrpc.addr=127.0.0.1", "--authrpc.port=8551", "--authrpc.jwtsecret=/secrets/jwt.hex",
  "--port=30303", "--discovery.port=30303",
  "--metrics=0.0.0.0:9001",
  "--rollup.sequencer=https://mainnet-sequencer.optimism.io",
  "--prune.account-history.distance=10064", "--prune.storage-history.distance=10064",
];

describe.each(["dev", "prod"])("optimism in %s", (envName) => {
  const stack = synthCoin("optimism", { env: envName });

  it("runs op-reth and op-node, each with a readiness monitor, blockbook and the probe-metrics exporter, OP Labs' images pinned by digest", () => {
    expect(podSpec(stack).container.map((c: any) => c.name)).toEqual([
      "optimism-daemon",
      "optimism-daemon-monitor",
      "optimism-op-node",
      "optimism-op-node-monitor",
      "optimism-indexer",
      "optimism-probe-metrics",
    ]);
    for (const name of ["optimism-daemon", "optimism-op-node"]) expect(container(stack, name).image).toMatch(/^us-docker\.pkg\.dev\/oplabs-tools-artifacts\/images\/op-(reth|node):v[\d.]+@sha256:[a-f0-9]{64}$/);
  });

  it("starts op-reth by its command line, without a shell: engine API on 127.0.0.1 with the mounted JWT, receipts kept, file logging off", () => {
    const reth = container(stack, "optimism-daemon");
    expect([reth.command, reth.args]).toEqual([["op-reth"], RETH_ARGS]);
  });

  it("configures op-node by its OP_NODE_ environment: the network, op-reth's engine with the JWT file, EL sync, its databases on its volume", () => {
    const env = Object.fromEntries(container(stack, "optimism-op-node").env.map((e: any) => [e.name, e.value]));
    expect(container(stack, "optimism-op-node").command).toEqual(["op-node"]);
    expect(env).toMatchObject({
      OP_NODE_NETWORK: "op-mainnet",
      OP_NODE_L2_ENGINE_RPC: "http://127.0.0.1:8551",
      OP_NODE_L2_ENGINE_AUTH: "/secrets/jwt.hex",
      OP_NODE_L2_ENGINE_KIND: "reth",
      OP_NODE_SYNCMODE: "execution-layer",
      OP_NODE_P2P_PRIV_PATH: "/data/opnode_p2p_priv.txt",
      OP_NODE_P2P_PEERSTORE_PATH: "/data/opnode_peerstore_db",
      OP_NODE_P2P_DISCOVERY_PATH: "/data/opnode_discovery_db",
      OP_NODE_SAFEDB_PATH: "/data/safedb",
    });
  });

  it("has the kubelet itself open op-reth's RPC port and GET op-node's /healthz for startup and liveness; readiness scripts run in the monitors", () => {
    const reth = container(stack, "optimism-daemon");
    const opNode = container(stack, "optimism-op-node");
    expect([reth.startup_probe.tcp_socket, reth.liveness_probe.tcp_socket, reth.readiness_probe]).toEqual([[{ port: "daemon-rpc" }], [{ port: "daemon-rpc" }], undefined]);
    expect([opNode.startup_probe.http_get, opNode.liveness_probe.http_get, opNode.readiness_probe]).toEqual([{ path: "/healthz", port: "op-node-rpc" }, { path: "/healthz", port: "op-node-rpc" }, undefined]);
    for (const probe of [reth.startup_probe, reth.liveness_probe, opNode.startup_probe, opNode.liveness_probe]) expect(probe.exec).toBeUndefined();
    expect(container(stack, "optimism-daemon-monitor").readiness_probe.exec.command).toEqual(["/readiness.sh"]);
    expect(container(stack, "optimism-op-node-monitor").readiness_probe.exec.command).toEqual(["/readiness.sh"]);
  });

  it("mounts no init script into op-reth or op-node, whose images have no shell to run one", () => {
    for (const name of ["optimism-daemon", "optimism-op-node"]) expect(container(stack, name).volume_mount.map((m: any) => m.mount_path)).not.toContain("/init.sh");
  });
});

describe("optimism's metrics and alerts", () => {
  const stack = synthCoin("optimism", { env: "prod" });
  const [rules] = manifestsOfKind(stack, "PrometheusRule");
  const alerts = rules.spec.groups[0].rules.map((r: any) => [r.alert, r.labels.service]);

  it("scrapes op-reth, op-node, blockbook and the probe-metrics exporter", () => {
    const [monitor] = manifestsOfKind(stack, "PodMonitor");
    expect(monitor.spec.podMetricsEndpoints.map((e: any) => [e.port, e.path])).toEqual([
      ["daemon-metrics", "/metrics"],
      ["op-node-metrics", "/metrics"],
      ["indexer-metrics", "/metrics"],
      ["probe-metrics", "/metrics"],
    ]);
  });

  it("alerts on op-reth's and op-node's height and peers, op-reth's lag behind its references, and blockbook", () => {
    expect(alerts).toEqual(expect.arrayContaining([
      ["CoinstackHeightStalled", "daemon"],
      ["CoinstackPeersLow", "daemon"],
      ["CoinstackSyncLag", "daemon"],
      ["CoinstackHeightStalled", "op-node"],
      ["CoinstackPeersLow", "op-node"],
      ["CoinstackIndexerBehind", "indexer"],
    ]));
    const stalled = rules.spec.groups[0].rules.find((r: any) => r.alert === "CoinstackHeightStalled" && r.labels.service === "op-node");
    expect(stalled.expr).toBe('changes(op_node_default_refs_number{layer="l2",type="l2_unsafe",namespace="coin-optimism",pod=~"optimism-sts-[0-9]+"}[900s]) == 0');
  });
});

describe("what an OP Stack coin refuses in config", () => {
  const lines = (changes: Record<string, unknown>) => buildError(changes)?.problems ?? [];

  it("refuses holding its daemons stopped for maintenance: nothing can hold a shell-less image", () => {
    expect(lines({ "coins.optimism.maintenance": [{ ordinal: 0, daemon: "stopped", until: "2026-12-24T00:00:00Z", reason: "repair of the op-reth volume" }] })).toEqual([
      'config/prod.yaml: coins.optimism.maintenance[0].daemon: expected "running": daemon and op-node run without an init script (no shell in the image), so nothing can hold them stopped; scale the coin down instead, got "stopped"',
    ]);
  });

  it("refuses a quiesced backup of op-reth's volume, and accepts one of blockbook's, whose init script holds it", () => {
    const quiesce = { schedule: "cron(0 3 * * ? *)", retainDays: 7, quiesce: { ordinal: 1 } };
    expect(lines({ "coins.optimism.services.daemon.backup": quiesce })).toEqual([expect.stringMatching(/^config\/prod\.yaml: coins\.optimism\.services\.daemon\.backup\.quiesce: expected no quiesce: daemon and op-node run without an init script/)]);
    expect(lines({ "coins.optimism.services.indexer.backup": quiesce })).toEqual([]);
  });

  it("runs on mainnet only (blockbook knows no OP testnet) and takes no inbound P2P exposure", () => {
    expect(lines({ "coins.optimism.network": "sepolia" })).toEqual(['config/prod.yaml: coins.optimism.network: expected one of "mainnet", got "sepolia"']);
    expect(lines({ "coins.optimism.p2p.exposure": "NodePort", "coins.optimism.p2p.nodePortBase": 31000 })).toEqual([
      expect.stringContaining('config/prod.yaml: coins.optimism.p2p.exposure: expected one of "none": optimism\'s clients cannot advertise a per-pod address behind NodePort'),
    ]);
  });
});

describe("a network probe in a coin definition", () => {
  const problems = (daemon: Parameters<typeof oneServiceCoin>[0]): string[] => {
    try {
      resolveInDev(oneServiceCoin(daemon));
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems];
      throw error;
    }
  };

  it("is refused next to a script of the same probe", () => {
    expect(problems({ scripts: { liveness: "#!/bin/sh\n" }, networkProbes: { liveness: { tcpSocket: { port: "rpc" } } } })).toEqual([
      expect.stringContaining("services[0].networkProbes.liveness: expected either a liveness script or a network probe, not both"),
    ]);
  });

  it("is refused on a port the service does not have", () => {
    expect(problems({ networkProbes: { startup: { httpGet: { path: "/healthz", port: "admin" } } } })).toEqual([expect.stringContaining('services[0].networkProbes.startup: expected a port of the service (rpc), got "admin"')]);
  });
});
