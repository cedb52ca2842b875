import { Testing } from "cdktf";
import { Coinstack } from "../../lib/coinstack";
import { coinSettingsSchema } from "../../lib/coinstack/config";
import { type CoinDefinition, PortRole } from "../../lib/coinstack/definition";
import { resolveCoinstack } from "../../lib/coinstack/resolve";
import { ConfigError } from "../../lib/config/load";
import { shippedEnvironment } from "../helpers/synth";

const resources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } };
const definition = (sidecarPort: number): CoinDefinition => ({
  name: "bitcoin",
  networks: ["mainnet"],
  spec: () => ({
    services: [
      { name: "daemon", image: "example/node:1.0", ports: [{ name: "rpc", port: 8332, role: PortRole.RPC }], resources, storage: { size: "10Gi" } },
    ],
    sidecars: [{ name: "exporter", image: "example/exporter:2.1", ports: [{ name: "metrics", port: sidecarPort, role: PortRole.METRICS }], resources }],
  }),
});

function resolve(port: number) {
  return resolveCoinstack(shippedEnvironment("dev"), definition(port), coinSettingsSchema.parse({}), { volumeFloors: {} });
}

describe("a sidecar", () => {
  const json = JSON.parse(Testing.synthScope((scope) => new Coinstack(scope, "coinstack", { coinstack: resolve(9100) })));
  const sidecar = Object.values<any>(json.resource.kubernetes_stateful_set_v1)[0].spec.template.spec.container.find((c: any) => c.name === "bitcoin-exporter");

  it("runs in the pod as <asset>-<name> with the restricted security context", () => {
    expect(sidecar.image).toBe("example/exporter:2.1");
    expect(sidecar.security_context).toMatchObject({ run_as_non_root: true, read_only_root_filesystem: true, allow_privilege_escalation: false, capabilities: { drop: ["ALL"] } });
  });
  it("owns no data volume", () => {
    expect(sidecar.volume_mount.map((m: any) => m.mount_path)).not.toContain("/data");
  });
  it("cannot reuse a service's port number", () => {
    expect(() => resolve(8332)).toThrow(ConfigError);
  });
});
