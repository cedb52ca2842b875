import { Testing } from "cdktf";
import { Coinstack } from "../../lib/coinstack";
import { PortRole } from "../../lib/coinstack/definition";
import { ConfigError } from "../../lib/config/messages";
import { oneServiceCoin, resolveInDev, SMALL_RESOURCES } from "../helpers/coinstack";

function resolve(sidecarPort: number) {
  return resolveInDev(
    oneServiceCoin({}, { sidecars: [{ name: "exporter", image: "example/exporter:2.1", ports: [{ name: "metrics", port: sidecarPort, role: PortRole.METRICS }], resources: SMALL_RESOURCES }] }),
  );
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
