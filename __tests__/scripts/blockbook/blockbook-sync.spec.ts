/**
 * blockbook's probes while blockbook runs its initial sync, against a fake public API that
 * answers as each pinned blockbook version does (issue 19, item 1).
 *
 * trezor/blockbook 95e965d ("Return 503 ServiceUnavailable from public interface if not
 * synced", 2025-02-21) makes `apiIndex` refuse every path but `/api/` until
 * ConnectFullPublicInterface runs after the initial sync; the refusal is a non-public APIError,
 * which jsonHandler answers with HTTP 500 `{"error":"Service unavailable"}`. Before it, the
 * limited interface answered the status on every /api/ path.
 */
import { COINS } from "../../../coinstacks";
import { BLOCKBOOK_IMAGE } from "../../../coinstacks/blockbook";
import { loadEnvironments } from "../../../lib/config/load";
import { fakeHttp, type HttpReply, runScript, sandboxPerTest, scriptPath } from "../../helpers/scripts";
import { COIN_NAMES } from "../../../coinstacks/names";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const STARTUP = scriptPath("blockbook/startup.sh");
const READINESS = scriptPath("blockbook/readiness.sh");
const LIVENESS = scriptPath("blockbook/liveness.sh");

/**
 * Every blockbook image the project pins, with the trezor/blockbook commit it is built from
 * (the tag) and whether that commit contains 95e965d (checked with `git merge-base --is-ancestor`).
 */
const PINNED_BLOCKBOOKS: Readonly<Record<string, { commit: string; refusesDuringSync: boolean }>> = {
  "shapeshiftdao/unchained-blockbook:c2cb648": { commit: "c2cb648 (2024-01-29)", refusesDuringSync: false },
  "shapeshiftdao/unchained-blockbook:bb02eb5": { commit: "bb02eb5 (2025-05-23)", refusesDuringSync: true },
  // A commit of the shapeshiftdao fork, not of trezor/blockbook; the original ran it from July 2025, after
  // bb02eb5, so it is taken to refuse as bb02eb5 does. Both behaviours pass the same probes.
  "shapeshiftdao/unchained-blockbook:gnosis-no-erc1155-d40a796": { commit: "d40a796 (the fork's; not in trezor/blockbook)", refusesDuringSync: true },
};

/** The blockbook images of every coin definition (every network) and of every shipped environment (Midgard indexes THORChain). */
const isBlockbook = (image: string) => image.includes("blockbook");

function pinnedIndexerImages(): string[] {
  const images = new Set<string>([BLOCKBOOK_IMAGE]);
  for (const coin of Object.values(COINS)) {
    for (const network of coin.networks) {
      for (const service of coin.spec(network).services) if (service.name === "indexer" && isBlockbook(service.image)) images.add(service.image);
    }
  }
  for (const env of loadEnvironments({ coins: COIN_NAMES })) {
    for (const coin of Object.values(env.coins ?? {})) {
      const image = coin?.services?.indexer?.image;
      if (image && isBlockbook(image)) images.add(image);
    }
  }
  return [...images].sort();
}

interface Chain {
  best: number;
  backend: number;
  initialSync: boolean;
}

/** A blockbook public server on 127.0.0.1 answering as `refusesDuringSync` says, from `chain`. */
async function fakeBlockbook(refusesDuringSync: boolean, chain: Chain) {
  const status = (): HttpReply => ({
    json: {
      blockbook: { coin: "Ethereum", syncMode: true, initialSync: chain.initialSync, inSync: !chain.initialSync, bestHeight: chain.best, inSyncMempool: !chain.initialSync },
      backend: { chain: "mainnet", blocks: chain.backend, headers: chain.backend },
    },
  });
  const index = (path: string) => (): HttpReply =>
    refusesDuringSync && chain.initialSync && path !== "/api/" ? { status: 500, json: { error: "Service unavailable" } } : status();
  const server = await fakeHttp({ "/api/": index("/api/"), "/api/v2": index("/api/v2"), "/api/v2/": index("/api/v2/") });
  t.servers.push(server);
  return server.port;
}

const t = sandboxPerTest();
const run = (script: string, port: number, env: Record<string, string> = {}) => runScript(script, t.box.env({ BLOCKBOOK_PORT: String(port), ...env }));

it("knows every pinned blockbook image's behaviour during the initial sync", () => {
  expect(pinnedIndexerImages()).toEqual(Object.keys(PINNED_BLOCKBOOKS).sort());
});

describe.each(Object.entries(PINNED_BLOCKBOOKS))("while %s runs its initial sync", (_image, { refusesDuringSync }) => {
  it("startup passes: the API answers, the sync takes days", async () => {
    const port = await fakeBlockbook(refusesDuringSync, { best: 1_200_000, backend: 22_000_000, initialSync: true });
    const result = await run(STARTUP, port);
    expect(result.output).toBe("started: blockbook's API answers (indexed height 1200000)\n");
    expect(result.code).toBe(0);
  });

  it("liveness records the indexed height, then passes while it advances", async () => {
    const chain = { best: 1_200_000, backend: 22_000_000, initialSync: true };
    const port = await fakeBlockbook(refusesDuringSync, chain);
    expect((await run(LIVENESS, port)).output).toBe("alive: first check, height 1200000 recorded\n");
    chain.best = 1_203_000;
    const result = await run(LIVENESS, port);
    expect(result.output).toBe("alive: height 1203000 (was 1200000)\n");
    expect(result.code).toBe(0);
  });

  it("liveness fails once the indexed height stands still for longer than the window", async () => {
    const port = await fakeBlockbook(refusesDuringSync, { best: 1_200_000, backend: 22_000_000, initialSync: true });
    t.box.writeData(".liveness-indexer", `1200000 ${Math.floor(Date.now() / 1000) - 4_000}\n`);
    const result = await run(LIVENESS, port, { LIVENESS_WINDOW_SECONDS: "3600" });
    expect(result.output).toMatch(/^not alive: height stuck at 1200000 for 400\ds \(window 3600s\)\n$/);
    expect(result.code).toBe(1);
  });

  it("readiness fails, saying it is not in sync", async () => {
    const port = await fakeBlockbook(refusesDuringSync, { best: 1_200_000, backend: 22_000_000, initialSync: true });
    const result = await run(READINESS, port);
    expect(result.output).toBe("not ready: blockbook not in sync (at 1200000, backend at 22000000)\n");
    expect(result.code).toBe(1);
  });

  it("readiness passes once the initial sync is over", async () => {
    const port = await fakeBlockbook(refusesDuringSync, { best: 22_000_000, backend: 22_000_000, initialSync: false });
    expect((await run(READINESS, port)).code).toBe(0);
  });
});
