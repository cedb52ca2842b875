/**
 * Issue 15, dashboards: provisioned from the repository as ConfigMaps the Grafana sidecar loads, each
 * panel a query of the chart's Prometheus datasource that reads only exported metrics, and every alert
 * in the README's table pointing at a panel that exists.
 */
import { readFileSync } from "node:fs";
import { COINSTACK_ALERTS } from "../../lib/core/alert-names";
import { join } from "node:path";
import { COINS, type CoinName } from "../../coinstacks";
import { COIN_NAMES } from "../../coinstacks/names";
import { catalogFamilies } from "../../stacks/platform-stack";
import { exportedMetrics, promqlMetricNames } from "../helpers/promql";
import { shippedSynthesis } from "../helpers/synth";

const { stacks } = shippedSynthesis();

function dashboardsOf(stack: string): { configMap: any; board: any }[] {
  return Object.values<any>(stacks.get(stack)!.resource!.kubernetes_config_map_v1 ?? {})
    .filter((c) => c.metadata.labels?.grafana_dashboard === "1")
    .map((configMap) => {
      const [text] = Object.values<string>(configMap.data);
      // Terraform hands the text on with its escapes undone ($${ and %%{ are literal ${ and %{).
      return { configMap, board: JSON.parse(text!.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{")) };
    });
}

const boards = dashboardsOf("prod-platform");
const targets = boards.flatMap(({ board }) => board.panels.flatMap((panel: any) => panel.targets.map((target: any) => ({ panel: panel.title, target }))));

it("provisions the fleet overview and one dashboard per family as ConfigMaps in the monitoring namespace, labelled for the Grafana sidecar", () => {
  expect(boards.map(({ board }) => board.title).sort()).toEqual(["Coinstacks: cometbft", "Coinstacks: evm", "Coinstacks: fleet", "Coinstacks: nitro", "Coinstacks: opstack", "Coinstacks: substrate", "Coinstacks: utxo"]);
  for (const { configMap, board } of boards) {
    expect(configMap.metadata.namespace).toBe("monitoring");
    expect(Object.keys(configMap.data)).toEqual([`${board.uid}.json`]);
  }
});

it("groups every coin of the catalog under its family, with the clients of each that export a height, peers or lag", () => {
  const families = catalogFamilies();
  expect(families.flatMap((f) => f.coins).sort()).toEqual([...COIN_NAMES].sort());
  for (const family of families) for (const coin of family.coins) expect(COINS[coin as CoinName].family).toBe(family.family);
  expect(families.map((f) => [f.family, f.clients.map((c) => c.client)])).toEqual([
    ["cometbft", ["gaia", "probe-metrics"]],
    ["evm", ["bor", "bsc", "client-go", "heimdall-v2", "lighthouse", "probe-metrics", "unchained-blockbook"]],
    ["nitro", ["nitro-node", "probe-metrics", "unchained-blockbook"]],
    ["opstack", ["op-node", "op-reth", "probe-metrics", "unchained-blockbook"]],
    ["substrate", ["polkadot"]],
    ["utxo", ["probe-metrics", "unchained-blockbook"]],
  ]);
});

it("has a panel for each height, peer count, daemon height and lag a client of a family exports, on that family's dashboard", () => {
  for (const family of catalogFamilies()) {
    const { board } = boards.find(({ board }) => board.uid === `coinstacks-${family.family}`)!;
    const titles = board.panels.map((p: any) => p.title);
    for (const { client, height, peers, backendHeight, syncLag } of family.clients) {
      const expected = [height && `${client}: height`, peers && `${client}: peers`, backendHeight && `${client}: its daemon's height`, syncLag && `${client}: blocks behind the network`].filter(Boolean);
      expect(expected.length).toBeGreaterThan(0);
      expect(titles).toEqual(expect.arrayContaining(expected));
    }
    for (const target of board.panels.flatMap((p: any) => p.targets)) expect(target.expr).toContain(`namespace=~"coin-(${family.coins.join("|")})(-[a-z0-9-]+)?"`);
  }
});

it("queries only metrics a scraped target exports, through the chart's Prometheus datasource, in every panel", () => {
  const metrics = exportedMetrics("prod");
  expect(targets.length).toBeGreaterThan(10);
  expect(targets.flatMap(({ panel, target }) => promqlMetricNames(target.expr).filter((m) => !metrics.has(m)).map((m) => `${panel}: ${m}`))).toEqual([]);
  expect(new Set(targets.map(({ target }) => JSON.stringify(target.datasource)))).toEqual(new Set([JSON.stringify({ type: "prometheus", uid: "prometheus" })]));
});

it("queries each series once per fleet panel, though blockbook and the probe-metrics exporter serve the same series in two families", () => {
  const { board } = boards.find(({ board }) => board.uid === "coinstacks-fleet")!;
  for (const panel of board.panels) {
    const exprs = panel.targets.map((t: any) => t.expr);
    expect([panel.title, new Set(exprs).size]).toEqual([panel.title, exprs.length]);
  }
  const lag = board.panels.find((p: any) => p.title === "Blocks behind the network (CoinstackSyncLag)");
  expect(lag.targets.map((t: any) => t.expr)).toEqual([
    'coinstack_probe_sync_lag_blocks{service="daemon",namespace=~"coin-.*"}',
    'slotclock_present_slot{namespace=~"coin-.*"} - on (namespace, pod) beacon_head_slot{namespace=~"coin-.*"}',
    'substrate_block_height{status="sync_target",namespace=~"coin-.*"} - on (namespace, pod) substrate_block_height{status="best",namespace=~"coin-.*"}',
  ]);
});

it("gives every panel of a dashboard its own id and place", () => {
  for (const { board } of boards) {
    const ids = board.panels.map((p: any) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const places = board.panels.map((p: any) => `${p.gridPos.x},${p.gridPos.y}`);
    expect(new Set(places).size).toBe(places.length);
  }
});

it("names, for every alert in the README's table, a panel of these dashboards that shows it", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("| alert | severity |"), readme.indexOf("\n\n", readme.indexOf("| alert | severity |")));
  const rows = table.split("\n").slice(2).map((row) => row.split("|").map((cell) => cell.trim()));
  const titles = new Set(boards.flatMap(({ board }) => board.panels.map((p: any) => `${board.title} › ${p.title}`)));
  expect(rows.length).toBeGreaterThan(8);
  for (const row of rows) {
    const panel = row[5]!.replace(/`/g, "");
    expect([row[1], panel === "none" || titles.has(panel)]).toEqual([row[1], true]);
  }
  // Every alert of the coinstacks has its row.
  expect(Object.values(COINSTACK_ALERTS).filter((alert) => !rows.some((row) => row[1] === `\`${alert}\``))).toEqual([]);
});

it("gives a client of several coins of a family every series one of them declares (the evm family's probe-metrics: avalanche's height, the lag of all)", () => {
  const evm = catalogFamilies().find((f) => f.family === "evm")!;
  const probe = evm.clients.find((c) => c.client === "probe-metrics")!;
  expect([probe.height?.name, probe.syncLag?.name]).toEqual(["coinstack_probe_height", "coinstack_probe_sync_lag_blocks"]);
});
