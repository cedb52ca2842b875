/**
 * Issue 18, THORChain: thornode (the CometBFT probes), Midgard (the public API) and its TimescaleDB,
 * whose password is generated into the coinstack's Secret and read from files only.
 */
import { MIDGARD_IMAGE, THORNODE_IMAGE, TIMESCALEDB_IMAGE } from "../../coinstacks/thorchain";
import { buildError } from "../helpers/bad-input";
import { container, manifestsOfKind, podSpec, synthCoin } from "../helpers/coinstack";
import { resourcesOf } from "../helpers/synth";

const env = (c: any): Record<string, string> => Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));

describe("thorchain in prod", () => {
  const stack = synthCoin("thorchain", { env: "prod" });
  const json = JSON.stringify(stack);
  const configData = Object.assign({}, ...resourcesOf(stack, "kubernetes_config_map_v1").map(([, c]) => c.data ?? {}));
  const db = container(stack, "thorchain-timescaledb");

  it("runs thornode and Midgard through their init scripts, TimescaleDB through its image's entrypoint, and the probe-metrics exporter", () => {
    expect(podSpec(stack).container.map((c: any) => [c.name, c.image, c.command])).toEqual([
      ["thorchain-daemon", THORNODE_IMAGE, ["/init.sh"]],
      ["thorchain-indexer", MIDGARD_IMAGE, ["/init.sh"]],
      ["thorchain-timescaledb", TIMESCALEDB_IMAGE, undefined],
      ["thorchain-probe-metrics", expect.any(String), undefined],
    ]);
  });

  it("generates the database password into the coinstack's Secret, write-only, and names only its file", () => {
    const [, secret] = resourcesOf(stack, "kubernetes_secret_v1")[0]!;
    expect(Object.keys(secret.data_wo ?? {})).toEqual(["timescale-password"]);
    expect(secret.data).toBeUndefined();
    expect(env(db)).toMatchObject({ POSTGRES_USER: "midgard", POSTGRES_DB: "midgard", POSTGRES_PASSWORD_FILE: "/secrets/timescale-password" });
    expect(env(db).POSTGRES_PASSWORD).toBeUndefined();
    expect(json).not.toMatch(/"password"\s*:\s*"password"|POSTGRES_PASSWORD"\s*,\s*"value"/);
  });

  it("gives Midgard a config with thornode and the database in the pod and no password", () => {
    const config = JSON.parse(configData["indexer-midgard.json"]);
    expect(config.thorchain).toMatchObject({ tendermint_url: "http://127.0.0.1:27147/websocket", thornode_url: "http://127.0.0.1:1317/thorchain" });
    expect(config.timescale).toMatchObject({ host: "127.0.0.1", port: 5432, user_name: "midgard", database: "midgard" });
    expect(config.timescale.password).toBeUndefined();
  });

  it("routes Midgard and thornode's REST API, never the database or the RPC", () => {
    const ports = manifestsOfKind(stack, "IngressRoute").flatMap((r: any) => r.spec.routes.flatMap((route: any) => route.services.map((s: any) => s.port)));
    expect(ports.sort()).toEqual([1317, 8080]);
  });

  it("gives PostgreSQL its data in a subdirectory of its volume, and its socket directory and a memory-backed /dev/shm as scratch", () => {
    expect(env(db).PGDATA).toBe("/data/pgdata");
    expect(db.volume_mount.map((m: any) => m.mount_path)).toEqual(expect.arrayContaining(["/data", "/dev/shm", "/var/run/postgresql"]));
    const volumes = podSpec(stack).volume.filter((v: any) => v.name.startsWith("timescaledb-"));
    expect(volumes.map((v: any) => [v.name, v.empty_dir])).toEqual([
      ["timescaledb-shm", { medium: "Memory", size_limit: "1Gi" }],
      ["timescaledb-run", { size_limit: "16Mi" }],
    ]);
  });

  it("has the kubelet connect to PostgreSQL for startup and liveness", () => {
    expect([db.startup_probe.tcp_socket, db.liveness_probe.tcp_socket]).toEqual([[{ port: "timescaledb" }], [{ port: "timescaledb" }]]);
  });

  it("finds thornode's seeds from the network's node list, with Nine Realms' auto state sync off", () => {
    expect(env(container(stack, "thorchain-daemon"))).toMatchObject({
      NET: "mainnet",
      CHAIN_ID: "thorchain-1",
      THOR_SEED_NODES_ENDPOINT: "https://gateway.liquify.com/chain/thorchain_api/thorchain/nodes",
      THOR_AUTO_STATE_SYNC_ENABLED: "false",
      RPC_PORT: "27147",
    });
  });
});

describe("thorchain's database password", () => {
  it("cannot be rotated by config: PostgreSQL keeps the password it created the database with, so synth refuses and says why", () => {
    expect(buildError({ "coins.thorchain.credentials.rotation": 1 })?.problems).toEqual([
      "config/prod.yaml: coins.thorchain.credentials.rotation: expected 0: timescale-password cannot be rotated by a fresh value (PostgreSQL keeps the password it created the database with; Midgard would be refused), got 1",
    ]);
  });
});
