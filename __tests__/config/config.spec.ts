import { loadEnvironments, parseEnvironment } from "../../lib/config/load";
import { ConfigError } from "../../lib/config/messages";
import { COIN_NAMES } from "../../coinstacks/names";

describe("shipped configuration", () => {
  it("loads dev, local and prod", () => {
    expect(loadEnvironments({ coins: COIN_NAMES }).map((e) => e.name)).toEqual(["dev", "local", "prod"]);
  });
});

describe("a config error", () => {
  it("names the file, the key path, the value and what is allowed", () => {
    expect(() => parseEnvironment("config/prod.yaml", "name: prod\nbackend: {type: local}\nkubeconfig: {context: x}\nplatform: {certManager: {issuer: self-signed}, storageClass: {create: false}, traefik: {replicas: three}}\n", COIN_NAMES)).toThrow(
      'config/prod.yaml: platform.traefik.replicas: expected an integer between 1 and 50, got "three"',
    );
  });

  it("is a ConfigError", () => {
    expect(() => parseEnvironment("config/x.yaml", "name: x\n", COIN_NAMES)).toThrow(ConfigError);
  });
});
