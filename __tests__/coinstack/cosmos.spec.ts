/**
 * Issue 18, the Cosmos Hub: gaiad alone (the CometBFT family), its genesis pinned by sha256, its
 * history started by state sync, the SDK's REST API its public face.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { COINS } from "../../coinstacks";
import { GAIA_IMAGES } from "../../coinstacks/cosmos";
import { PROVIDER_GENESIS } from "../helpers/cometbft";
import { container, manifestsOfKind, podSpec, synthCoin } from "../helpers/coinstack";
import { resourcesOf } from "../helpers/synth";

const env = (c: any): Record<string, string> => Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));

describe("cosmos in prod (cosmoshub-4)", () => {
  const stack = synthCoin("cosmos", { env: "prod" });
  const daemon = container(stack, "cosmos-daemon");

  it("runs gaiad through the CometBFT init and probes, with the probe-metrics exporter for its lag", () => {
    expect(podSpec(stack).container.map((c: any) => c.name)).toEqual(["cosmos-daemon", "cosmos-probe-metrics"]);
    expect([daemon.image, daemon.command]).toEqual([GAIA_IMAGES.mainnet, ["/init.sh"]]);
    for (const probe of [daemon.startup_probe, daemon.liveness_probe, daemon.readiness_probe]) expect(probe.exec.command[0]).toMatch(/^\/(startup|liveness|readiness)\.sh$/);
  });

  it("joins cosmoshub-4 from its published genesis, pinned by the JSON's sha256, and by state sync from two servers", () => {
    expect(env(daemon)).toMatchObject({
      CHAIN_BINARY: "gaiad",
      CHAIN_ID: "cosmoshub-4",
      GENESIS_URL: "https://raw.githubusercontent.com/cosmos/mainnet/master/genesis/genesis.cosmoshub-4.json.gz",
      GENESIS_CHECKSUM: "sha256:6ad715c1ab5637e505e7248bb4366e79d5dec1a24f4fac7db33fead567041633",
      STATE_SYNC_TRUST_PERIOD: "168h0m0s",
    });
    expect(env(daemon).STATE_SYNC_RPC_SERVERS!.split(",")).toHaveLength(2);
  });

  it("routes only the SDK's REST API, under /lcd with the prefix stripped; the CometBFT RPC and gRPC stay inside the coinstack", () => {
    const routes = manifestsOfKind(stack, "IngressRoute").flatMap((r: any) => r.spec.routes);
    expect(routes.map((r: any) => r.services.map((s: any) => s.port))).toEqual([[1317]]);
    expect(routes[0].match).toContain("PathPrefix(`/lcd`)");
  });

  it("scrapes CometBFT's own height and peers on its Prometheus port", () => {
    expect(daemon.port.map((p: any) => [p.name, p.container_port])).toEqual([
      ["daemon-rpc", 26657],
      ["daemon-p2p", 26656],
      ["daemon-api", 1317],
      ["daemon-grpc", 9090],
      ["daemon-metrics", 26660],
    ]);
    expect(env(daemon).METRICS_PORT).toBe("26660");
  });

  it("keeps its 5000Gi volume at 6000 IOPS and 300 MiB/s, as the original did", () => {
    const claims = resourcesOf(stack, "kubernetes_persistent_volume_claim_v1").map(([, c]) => [c.metadata.annotations, c.spec.resources.requests.storage]);
    expect(claims).toEqual([0, 1].map(() => [{ "ebs.csi.aws.com/iops": "6000", "ebs.csi.aws.com/throughput": "300" }, "5000Gi"]));
  });
});

describe("cosmos in dev (the provider testnet)", () => {
  it("runs the testnet's gaia release on chain provider, trusting state sync for 8 hours (its unbonding is short)", () => {
    const daemon = container(synthCoin("cosmos", { env: "dev" }), "cosmos-testnet-daemon");
    expect(daemon.image).toBe(GAIA_IMAGES.testnet);
    expect(env(daemon)).toMatchObject({ CHAIN_ID: "provider", STATE_SYNC_TRUST_PERIOD: "8h0m0s" });
  });

  it("pins the provider genesis as cosmos/testnets publishes it (the file, fetched at 7166ee7f, has that sha256)", () => {
    const pinned = COINS.cosmos.spec("testnet").services[0]!.env!.GENESIS_CHECKSUM;
    expect(`sha256:${createHash("sha256").update(readFileSync(PROVIDER_GENESIS)).digest("hex")}`).toBe(pinned);
  });
});
