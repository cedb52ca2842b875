/** ScriptsConfigMap (lib/coinstack/scripts-config-map) on its own, synthesized with `Testing.synthScope`. */
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { ScriptsConfigMap } from "../../lib/coinstack/scripts-config-map";
import { oneServiceCoin, resolveInDev } from "../helpers/coinstack";

const coinstack = (init: string) =>
  resolveInDev(
    oneServiceCoin({
      scripts: { init, readiness: "#!/bin/sh\nexit 0\n" },
      configFiles: [{ key: "node.conf", mountPath: "/config/node.conf", content: "server=1\n" }],
    }),
  );

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
