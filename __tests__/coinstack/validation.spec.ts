import { coinSettingsSchema } from "../../lib/config/coin-settings";
import { type CoinDefinition, PortRole, type ServiceDefinition } from "../../lib/coinstack/definition";
import { resolveCoinstack } from "../../lib/coinstack/resolve";
import { parseEnvironment } from "../../lib/config/load";
import { ConfigError } from "../../lib/config/messages";
import { shippedEnvironment } from "../helpers/synth";
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import { COIN_NAMES } from "../../coinstacks/names";

const baseService: ServiceDefinition = {
  name: "daemon",
  image: "example/node:1.0",
  ports: [
    { name: "rpc", port: 8332, role: PortRole.RPC },
    { name: "p2p", port: 8333, role: PortRole.P2P },
  ],
  resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } },
  storage: { size: "100Gi" },
};

function definitionWith(...services: Partial<ServiceDefinition>[]): CoinDefinition {
  return { name: "bitcoin", family: "utxo", networks: ["mainnet"], spec: () => ({ services: services.map((s) => ({ ...baseService, ...s })) }) };
}

function problemsOf(definition: CoinDefinition, settings: Record<string, unknown> = {}): string[] {
  try {
    resolveCoinstack(shippedEnvironment("dev"), definition, coinSettingsSchema.parse(settings), { storageClassName: "gp3", volumeFloors: {} });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

const where = "coinstacks/bitcoin (mainnet)";

describe("coin definitions are validated", () => {
  it.each<[string, CoinDefinition, string]>([
    ["a port name with an underscore", definitionWith({ ports: [{ name: "daemon_rpc", port: 8332, role: PortRole.RPC }] }), `${where}: services[0].ports[0].name: expected an IANA service name: 1-15 of a-z 0-9 -, at least one letter, got "daemon_rpc"`],
    ["a port name longer than 15", definitionWith({ ports: [{ name: "daemon-rpc-port-x", port: 8332, role: PortRole.RPC }] }), `${where}: services[0].ports[0].name: expected an IANA service name: 1-15 of a-z 0-9 -, at least one letter, got "daemon-rpc-port-x"`],
    ["a port out of range", definitionWith({ ports: [{ name: "rpc", port: 70000, role: PortRole.RPC }] }), `${where}: services[0].ports[0].port: expected a port between 1 and 65535, got 70000`],
    ["a protocol Kubernetes lacks", definitionWith({ ports: [{ name: "rpc", port: 8332, role: PortRole.RPC, protocol: "HTTP" as never }] }), `${where}: services[0].ports[0].protocol: expected "TCP" or "UDP", got "HTTP"`],
    ["a routed RPC port", definitionWith({ ports: [{ name: "rpc", port: 8332, role: PortRole.RPC, route: {} }] }), `${where}: services[0].ports[0].route: expected no route on a rpc port: only api ports may be public, got {}`],
    ["a routed auth port", definitionWith({ ports: [{ name: "engine", port: 8551, role: PortRole.AUTH, route: {} }] }), `${where}: services[0].ports[0].route: expected no route on a auth port: only api ports may be public, got {}`],
    ["a routed database port", definitionWith({ ports: [{ name: "pg", port: 5432, role: PortRole.DATABASE, route: {} }] }), `${where}: services[0].ports[0].route: expected no route on a database port: only api ports may be public, got {}`],
    ["a path prefix without a slash", definitionWith({ ports: [{ name: "api", port: 80, role: PortRole.API, route: { pathPrefix: "ws" } }] }), `${where}: services[0].ports[0].route.pathPrefix: expected a path starting with "/", got "ws"`],
    ["a latest image", definitionWith({ image: "example/node:latest" }), `${where}: services[0].image: expected an image pinned to a tag other than "latest" or to a digest, got "example/node:latest"`],
    ["an untagged image", definitionWith({ image: "example/node" }), `${where}: services[0].image: expected an image pinned to a tag other than "latest" or to a digest, got "example/node"`],
    ["a size regex would accept", definitionWith({ storage: { size: "10K" } }), `${where}: services[0].storage.size: expected a Kubernetes quantity such as 500Gi, got "10K"`],
    ["a limit below its request", definitionWith({ resources: { requests: { cpu: "2", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } }), `${where}: services[0].resources.limits.cpu: expected a limit >= the request (2), got "1"`],
    ["a credential in env", definitionWith({ env: { RPC_PASSWORD: "hunter2" } }), `${where}: services[0].env.RPC_PASSWORD: expected no credential in an environment variable; declare a secret (mounted as a file under /secrets), got "hunter2"`],
    ["a credential in a variable named as a file", definitionWith({ env: { POSTGRES_PASSWORD_FILE: "hunter2" } }), `${where}: services[0].env.POSTGRES_PASSWORD_FILE: expected no credential in an environment variable; declare a secret (mounted as a file under /secrets), got "hunter2"`],
    ["a timeout longer than the period", definitionWith({ probes: { liveness: { periodSeconds: 5, timeoutSeconds: 10 } } }), `${where}: services[0].probes.liveness.timeoutSeconds: expected timeoutSeconds <= periodSeconds (5), got 10`],
    ["a security override without a reason", definitionWith({ security: { reason: "", readOnlyRootFilesystem: false } }), `${where}: services[0].security.reason: expected a reason (at least 10 characters) for relaxing the restricted security context, got ""`],
    ["a root UID", definitionWith({ security: { reason: "image writes to /var/lib", runAsUser: 0 } }), `${where}: services[0].security.runAsUser: expected a non-root UID >= 1000 (the namespace enforces Pod Security restricted), got 0`],
    ["a monitor without a readiness script", definitionWith({ monitor: true }), `${where}: services[0].monitor: expected a readiness script for the monitor container to run, got true`],
  ])("rejects %s", (_case, definition, message) => {
    expect(problemsOf(definition)).toEqual([message]);
  });

  it("accepts a variable naming the file a credential is read from (POSTGRES_PASSWORD_FILE=/secrets/…)", () => {
    expect(problemsOf(definitionWith({ env: { POSTGRES_PASSWORD_FILE: "/secrets/timescale-password" } }))).toEqual([]);
  });

  it("rejects a port number used twice in the pod", () => {
    expect(problemsOf(definitionWith({}, { name: "indexer", ports: [{ name: "api", port: 8332, role: PortRole.API }] }))).toEqual([
      `${where}: services[1].ports[0].port: expected a unique port number (8332/TCP already used by daemon/rpc), got 8332`,
    ]);
  });
  it("rejects a port name used twice in the coinstack", () => {
    expect(problemsOf(definitionWith({}, { name: "indexer", ports: [{ name: "rpc", port: 9000, role: PortRole.API }] }))).toEqual([
      `${where}: services[1].ports[0].name: expected a unique port name (already used by daemon), got "rpc"`,
    ]);
  });
  it("rejects a ConfigMap key two services would both write", () => {
    const file = { key: "shared.json", mountPath: "/shared.json", content: "{}" };
    expect(problemsOf(definitionWith({ configFiles: [file] }, { name: "indexer", ports: [], configFiles: [file] }))).toEqual([
      `${where}: services[1].configFiles[0].key: expected a unique ConfigMap key (shared.json is already a config file of daemon), got "shared.json"`,
    ]);
  });
  it("rejects a config file that collides with a script key", () => {
    expect(
      problemsOf(definitionWith({ scripts: { init: "#!/bin/sh\n" }, configFiles: [{ key: "daemon-init.sh", mountPath: "/x", content: "" }] })),
    ).toEqual([`${where}: services[0].configFiles[0].key: expected a unique ConfigMap key (daemon-init.sh is already daemon's init script), got "daemon-init.sh"`]);
  });
  it("reports every problem at once", () => {
    expect(problemsOf(definitionWith({ image: "x:latest", storage: { size: "big" } }))).toHaveLength(2);
  });
});

describe("environment coin settings are validated", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["IOPS above gp3's maximum", { services: { daemon: { storage: { size: "2000Gi", iops: 20000 } } } }, "config/dev.yaml: coins.bitcoin.services.daemon.storage.iops: expected gp3 IOPS between 3000 and 16000, got 20000"],
    ["IOPS above 500 per GiB", { services: { daemon: { storage: { size: "10Gi", iops: 6000 } } } }, "config/dev.yaml: coins.bitcoin.services.daemon.storage.iops: expected at most 500 IOPS per GiB (5000 for 10Gi), got 6000"],
    ["throughput above gp3's maximum", { services: { daemon: { storage: { size: "2000Gi", iops: 16000, throughput: 2000 } } } }, "config/dev.yaml: coins.bitcoin.services.daemon.storage.throughput: expected gp3 throughput between 125 and 1000 MiB/s, got 2000"],
    ["throughput above 0.25 MiB/s per IOPS", { services: { daemon: { storage: { size: "2000Gi", iops: 3000, throughput: 1000 } } } }, "config/dev.yaml: coins.bitcoin.services.daemon.storage.throughput: expected at most 0.25 MiB/s per provisioned IOPS (750 MiB/s at 3000 IOPS), got 1000"],
    ["a gp3 volume over 16 TiB", { services: { daemon: { storage: { size: "17Ti" } } } }, 'config/dev.yaml: coins.bitcoin.services.daemon.storage.size: expected a gp3 size between 1Gi and 16384Gi, got "17Ti"'],
    ["an unknown service", { services: { beacon: { image: "x/y:1" } } }, "config/dev.yaml: coins.bitcoin.services.beacon: unknown service; expected one of daemon, got nothing"],
    ["a partition above replicas", { replicas: 1, updatePartition: 2 }, "config/dev.yaml: coins.bitcoin.updatePartition: expected a partition <= replicas (1), got 2"],
    ["NodePort exposure without a base", { p2p: { exposure: "NodePort" } }, "config/dev.yaml: coins.bitcoin.p2p.nodePortBase: expected a node port between 30000 and 32767 for NodePort exposure, got nothing"],
    ["node ports past the range", { replicas: 3, p2p: { exposure: "NodePort", nodePortBase: 32766 } }, "config/dev.yaml: coins.bitcoin.p2p.nodePortBase: expected base + replicas x p2p ports - 1 <= 32767 (3 replicas), got 32766"],
    ["a network the coin lacks", { network: "signet" }, 'config/dev.yaml: coins.bitcoin.network: expected one of "mainnet", got "signet"'],
  ])("rejects %s", (_case, settings, message) => {
    expect(problemsOf(definitionWith({}), settings)).toEqual([message]);
  });
});

describe("coin settings in YAML", () => {
  const dev = parse(readFileSync("config/dev.yaml", "utf8"));
  const withBitcoin = (bitcoin: Record<string, unknown>) => stringify({ ...dev, coins: { bitcoin } });
  it.each<[string, Record<string, unknown>, string]>([
    ["a CPU quantity with a bad suffix", { services: { daemon: { resources: { requests: { cpu: "1x", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } } } } }, 'config/dev.yaml: coins.bitcoin.services.daemon.resources.requests.cpu: expected a Kubernetes quantity such as 500m, 2, 8Gi or 1.5Ti, got "1x"'],
    ["replicas out of range", { replicas: 0 }, "config/dev.yaml: coins.bitcoin.replicas: expected an integer between 1 and 10, got 0"],
    ["a latest image", { services: { daemon: { image: "bitcoin/bitcoin:latest" } } }, 'config/dev.yaml: coins.bitcoin.services.daemon.image: expected an image pinned to a tag other than "latest" or to a digest, such as bitcoin/bitcoin:28.1 or bitcoin/bitcoin:28.1@sha256:<64 lowercase hex digits>, got "bitcoin/bitcoin:latest"'],
    ["a probe timeout above its period", { services: { daemon: { probes: { readiness: { periodSeconds: 5, timeoutSeconds: 6 } } } } }, "config/dev.yaml: coins.bitcoin.services.daemon.probes.readiness.timeoutSeconds: expected timeoutSeconds <= periodSeconds (5), got 6"],
    ["an unknown p2p exposure", { p2p: { exposure: "HostPort" } }, 'config/dev.yaml: coins.bitcoin.p2p.exposure: expected one of "none", "NodePort", "LoadBalancer", got "HostPort"'],
  ])("rejects %s", (_case, bitcoin, message) => {
    expect(() => parseEnvironment("config/dev.yaml", withBitcoin(bitcoin), COIN_NAMES)).toThrow(message);
  });
});
