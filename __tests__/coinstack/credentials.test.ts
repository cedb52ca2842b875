import { readFileSync } from "node:fs";
import { coinStack, podSpec, synthCoin } from "../helpers/coinstack";
import { onlyResource, synthJson } from "../helpers/synth";

describe("generated credentials", () => {
  const stack = synthCoin("bitcoin");
  it("are ephemeral random_password blocks, one per declared secret", () => {
    expect(Object.values((stack as any).ephemeral.random_password).map((p: any) => p.length).sort()).toEqual([16, 32]);
  });
  it("land in a kubernetes Secret as references, never as values", () => {
    const secret = onlyResource(stack, "kubernetes_secret_v1");
    expect(Object.keys(secret.data_wo).sort()).toEqual(["rpc-password", "rpc-username"]);
    for (const value of Object.values(secret.data_wo)) expect(value).toMatch(/^\$\{ephemeral\.random_password\.[\w-]+\.result\}$/);
  });
  it("appear nowhere in the synthesized JSON, the scripts or the config as literals", () => {
    const json = synthJson(coinStack("bitcoin"));
    expect(json).not.toMatch(/rpc_?pass(word)?["']?\s*[:=]\s*["'][^"'$]/i);
    expect(readFileSync("coinstacks/utxo/daemon/init.sh", "utf8")).not.toMatch(/rpcpassword=[a-z0-9]/i);
  });
});

describe("an existing Secret named in config", () => {
  const stack = synthCoin("bitcoin", { settings: { existingSecret: "bitcoin-rpc" } });
  it("is mounted instead, and nothing is generated", () => {
    expect(stack.resource.random_password).toBeUndefined();
    expect(stack.resource.kubernetes_secret_v1).toBeUndefined();
    expect(podSpec(stack).volume).toContainEqual({ name: "credentials", secret: { secret_name: "bitcoin-rpc", default_mode: "0440" } });
  });
});
