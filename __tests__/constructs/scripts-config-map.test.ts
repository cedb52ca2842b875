/** ScriptsConfigMap (lib/coinstack/scripts-config-map) on its own, synthesized with `Testing.synthScope`. */
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { coinSettingsSchema } from "../../lib/coinstack/config";
import { type CoinDefinition, PortRole } from "../../lib/coinstack/definition";
import { resolveCoinstack } from "../../lib/coinstack/resolve";
import { ScriptsConfigMap } from "../../lib/coinstack/scripts-config-map";
import { shippedEnvironment } from "../helpers/config";

const resources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } };
const definition = (init: string): CoinDefinition => ({
  name: "bitcoin",
  networks: ["mainnet"],
  spec: () => ({
    services: [
      {
        name: "daemon",
        image: "example/node:1.0",
        ports: [{ name: "rpc", port: 8332, role: PortRole.RPC }],
        resources,
        storage: { size: "10Gi" },
        scripts: { init, readiness: "#!/bin/sh\nexit 0\n" },
        configFiles: [{ key: "node.conf", mountPath: "/config/node.conf", content: "server=1\n" }],
      },
    ],
  }),
});
const coinstack = (init: string) => resolveCoinstack(shippedEnvironment("dev"), definition(init), coinSettingsSchema.parse({}), { volumeFloors: {} });

function build(init: string): { synthesized: string; checksum: string } {
  let checksum = "";
  const synthesized = Testing.synthScope((scope) => {
    checksum = new ScriptsConfigMap(scope, "scripts", { coinstack: coinstack(init), namespace: "coin-bitcoin" }).checksum;
  });
  return { synthesized, checksum };
}

describe("a ScriptsConfigMap", () => {
  const { synthesized, checksum } = build("#!/bin/sh\nexec node\n");

  it("is named <asset>-scripts, in the coinstack's namespace, with its labels", () => {
    expect(synthesized).toHaveResourceWithProperties(ConfigMapV1, {
      metadata: { name: "bitcoin-scripts", namespace: "coin-bitcoin", labels: expect.objectContaining({ asset: "bitcoin" }) },
    });
  });
  it("holds every lifecycle script as <service>-<kind>.sh and every config file under its key", () => {
    expect(synthesized).toHaveResourceWithProperties(ConfigMapV1, {
      data: { "daemon-init.sh": "#!/bin/sh\nexec node\n", "daemon-readiness.sh": "#!/bin/sh\nexit 0\n", "node.conf": "server=1\n" },
    });
  });
  it("has a checksum that changes when a script changes, so the pods roll", () => {
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(build("#!/bin/sh\nexec node\n").checksum).toBe(checksum);
    expect(build("#!/bin/sh\nexec node -v\n").checksum).not.toBe(checksum);
  });
});
