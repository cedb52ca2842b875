import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { readFileSync } from "node:fs";
import { coinStack, podSpec } from "../helpers/coinstack";
import { resourcesOf, type SynthesizedStack } from "../helpers/synth";

const EPHEMERAL_RESULT = /^\$\{ephemeral\.random_password\.[\w-]+\.result\}$/;

describe("generated credentials", () => {
  const synthesized = Testing.synth(coinStack("bitcoin"));
  const stack = JSON.parse(synthesized) as SynthesizedStack;

  it("are ephemeral random_password blocks, one per declared secret", () => {
    expect(Object.values(stack.ephemeral?.random_password ?? {}).map((p) => p.length).sort()).toEqual([16, 32]);
  });
  it("land in a kubernetes Secret as write-only references, never as values", () => {
    expect(synthesized).toHaveResourceWithProperties(SecretV1, {
      data_wo: { "rpc-password": expect.stringMatching(EPHEMERAL_RESULT), "rpc-username": expect.stringMatching(EPHEMERAL_RESULT) },
    });
    expect(resourcesOf(stack, "kubernetes_secret_v1")).toHaveLength(1);
  });
  it("appear nowhere in the synthesized JSON, the scripts or the config as literals", () => {
    expect(synthesized).not.toMatch(/rpc_?pass(word)?["']?\s*[:=]\s*["'][^"'$]/i);
    expect(readFileSync("coinstacks/utxo/daemon/init.sh", "utf8")).not.toMatch(/rpcpassword=[a-z0-9]/i);
  });
});

describe("an existing Secret named in config", () => {
  const synthesized = Testing.synth(coinStack("bitcoin", { settings: { existingSecret: "bitcoin-rpc" } }));

  it("is mounted instead", () => {
    expect(podSpec(JSON.parse(synthesized)).volume).toContainEqual({ name: "credentials", secret: { secret_name: "bitcoin-rpc", default_mode: "0440" } });
  });
  it("means no password is generated and no Secret created", () => {
    expect((JSON.parse(synthesized) as SynthesizedStack).ephemeral).toBeUndefined();
    expect(synthesized).not.toHaveResource(SecretV1);
  });
});
