/**
 * The rules of one service, each in its own function (lib/coinstack/resolve/service.ts): what the
 * environment overrides, what the definition keeps, and which file a problem points at.
 */
import { coinSettingsSchema, type ServiceSettings } from "../../lib/config/coin-settings";
import { PortRole, type ServiceDefinition } from "../../lib/coinstack/definition";
import { type KeyPath, Problems } from "../../lib/coinstack/resolve/problems";
import { resolveService, serviceScope, type StorageRules } from "../../lib/coinstack/resolve/service";
import { coinstackNames } from "../../lib/core/names";

const definition: ServiceDefinition = {
  name: "daemon",
  image: "example/node:1.0",
  ports: [{ name: "rpc", port: 8332, role: PortRole.RPC }],
  resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } },
  storage: { size: "100Gi" },
  env: { RPC_TIMEOUT: "5", LOG_LEVEL: "info" },
  integerEnv: ["RPC_TIMEOUT"],
  probes: { liveness: { periodSeconds: 60 } },
};

const CONFIG: KeyPath = ["coins", "bitcoin", "services", "daemon"];
const DEFINITION: KeyPath = ["services", 0];

function resolve(own: Record<string, unknown> | undefined, rules: StorageRules = {}, service: ServiceDefinition = definition) {
  const problems = new Problems();
  const settings: ServiceSettings | undefined = own && coinSettingsSchema.parse({ services: { daemon: own } }).services["daemon"];
  const resolved = resolveService(serviceScope(service, settings, problems.report, CONFIG, DEFINITION), coinstackNames("bitcoin", "mainnet", "mainnet"), new Set(), rules);
  return { resolved, problems: problems.list.map((p) => ({ origin: p.origin, path: p.path.join("."), value: p.value })) };
}

describe("a service's image", () => {
  it("is the definition's unless the environment names one", () => {
    expect(resolve(undefined).resolved.image).toBe("example/node:1.0");
    expect(resolve({ image: "example/node:1.1" }).resolved.image).toBe("example/node:1.1");
  });
  it("is refused at the definition's key when the definition's is unpinned", () => {
    expect(resolve(undefined, {}, { ...definition, image: "example/node" }).problems).toEqual([{ origin: "definition", path: "services.0.image", value: "example/node" }]);
  });
});

describe("a service's resources", () => {
  it("are replaced whole by the environment's, and a limit below its request is reported at the config key", () => {
    const { resolved, problems } = resolve({ resources: { requests: { cpu: "4", memory: "8Gi" }, limits: { cpu: "2", memory: "8Gi" } } });
    expect(resolved.resources.requests).toEqual({ cpu: "4", memory: "8Gi" });
    expect(problems).toEqual([{ origin: "config", path: "coins.bitcoin.services.daemon.resources.limits.cpu", value: "2" }]);
  });
});

describe("a service's volume", () => {
  it("may not shrink below the size recorded for it", () => {
    expect(resolve({ storage: { size: "50Gi" } }, { floor: "100Gi" }).problems).toEqual([{ origin: "config", path: "coins.bitcoin.services.daemon.storage.size", value: "50Gi" }]);
  });
  it("is held to gp3's limits only on the gp3 StorageClass", () => {
    const overLimit = { storage: { size: "10Gi", iops: 6000 } };
    expect(resolve(overLimit, { storageClassName: "gp3" }).problems.map((p) => p.path)).toEqual(["coins.bitcoin.services.daemon.storage.iops"]);
    expect(resolve(overLimit, { storageClassName: "io2" }).problems).toEqual([]);
  });
});

describe("a service's probe timing", () => {
  it("layers the project's defaults, the definition's and the environment's, key by key", () => {
    const { resolved } = resolve({ probes: { liveness: { failureThreshold: 3 } } });
    expect(resolved.probes.liveness).toEqual({ initialDelaySeconds: 0, periodSeconds: 60, timeoutSeconds: 10, failureThreshold: 3 });
    expect(resolved.probes.readiness).toEqual({ initialDelaySeconds: 0, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 10 });
  });
});

describe("a service's environment", () => {
  it("is the definition's with the environment's variables over it", () => {
    expect(resolve({ env: { LOG_LEVEL: "debug" } }).resolved.env).toEqual({ RPC_TIMEOUT: "5", LOG_LEVEL: "debug" });
  });
  it("refuses a non-integer tunable at the key it came from", () => {
    expect(resolve({ env: { RPC_TIMEOUT: "soon" } }).problems).toEqual([{ origin: "config", path: "coins.bitcoin.services.daemon.env.RPC_TIMEOUT", value: "soon" }]);
  });
});

describe("a service's name", () => {
  it("is refused when another container of the pod has it", () => {
    const problems = new Problems();
    const names = coinstackNames("bitcoin", "mainnet", "mainnet");
    resolveService(serviceScope(definition, undefined, problems.report, CONFIG, DEFINITION), names, new Set(["daemon"]), {});
    expect(problems.list.map((p) => p.message)).toEqual(["expected a service name not used before"]);
  });
});
