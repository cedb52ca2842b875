import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { readFileSync } from "node:fs";
import { coinStack, podSpec } from "../helpers/coinstack";
import { resourcesOf, type SynthesizedStack } from "../helpers/synth";

const RANDOM_RESULT = /^\$\{random_password\.[\w-]+\.result\}$/;

describe("generated credentials", () => {
  const synthesized = Testing.synth(coinStack("bitcoin"));
  const stack = JSON.parse(synthesized) as SynthesizedStack;

  it("are random_password resources, one per declared secret", () => {
    expect(synthesized).toHaveResourceWithProperties(Password, { length: 16 });
    expect(synthesized).toHaveResourceWithProperties(Password, { length: 32 });
    expect(resourcesOf(stack, "random_password")).toHaveLength(2);
  });
  it("land in a kubernetes Secret as references, never as values", () => {
    expect(synthesized).toHaveResourceWithProperties(SecretV1, {
      data: { "rpc-password": expect.stringMatching(RANDOM_RESULT), "rpc-username": expect.stringMatching(RANDOM_RESULT) },
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
    expect(synthesized).not.toHaveResource(Password);
    expect(synthesized).not.toHaveResource(SecretV1);
  });
});
