/**
 * Issue 13, item 12: loopback RPC only works because every client of a UTXO daemon's RPC is in its pod.
 */
import { COINS } from "../../coinstacks";

describe("UTXO coinstacks' RPC clients", () => {
  for (const coin of ["bitcoin", "litecoin", "dogecoin", "bitcoincash"] as const) {
    it(`${coin}: blockbook reaches the daemon's RPC on 127.0.0.1 on every network`, () => {
      const definition = COINS[coin];
      for (const network of definition.networks) {
        const spec = definition.spec(network);
        const rpcPort = spec.services.find((s) => s.name === "daemon")!.ports.find((p) => p.role === "rpc")!.port;
        const indexer = spec.services.find((s) => s.name === "indexer")!;
        const config = indexer.configFiles!.find((f) => f.mountPath === "/blockbook-config.json")!;
        expect(JSON.parse(config.content).rpc_url).toBe(`http://127.0.0.1:${rpcPort}`);
      }
    });
  }
});
