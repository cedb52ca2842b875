/**
 * Ephemeral resources (`ephemeral "random_password"`, the generated credentials) judged like
 * everything else: Terraform validates the provider-free rewrite, where each becomes a
 * terraform_data, and the schema checker holds them against a hand-written schema, since the
 * bindings have none, and against Terraform's rule that an ephemeral value flows only into
 * write-only attributes.
 */
import { acceptStacks } from "../../lib/acceptance/terraform/accept";
import { requireTerraform } from "../../lib/acceptance/terraform/cli";
import { providerFree } from "../../lib/acceptance/terraform/provider-free";
import { checkStack } from "../../lib/acceptance/schema/check";
import { schemaFor } from "../../lib/acceptance/schema/provider-schema";
import { formatProblems, type AcceptanceProblem } from "../../lib/acceptance/problem";
import type { StackJson } from "../../lib/ci/synth";
import { copyOf, resourceOf, scratchDir, synthesizedStacks, TERRAFORM_CACHE } from "./helpers";

jest.setTimeout(60_000);

const { stacks } = synthesizedStacks();
const work = scratchDir("ephemeral");

function schemaProblemsAfter(stack: string, mutate: (json: StackJson) => void): AcceptanceProblem[] {
  const json = copyOf(stacks.get(stack));
  mutate(json);
  return checkStack(stack, new Map([...stacks, [stack, json]]));
}

/** The first ephemeral random_password of a stack: [name, body]. */
function password(json: StackJson): [string, Record<string, unknown>] {
  return Object.entries<Record<string, unknown>>(json.ephemeral.random_password)[0]!;
}

describe("the provider-free rewrite", () => {
  it("turns each ephemeral resource into a terraform_data and its references into that one's output", () => {
    const stack = stacks.get("dev-bitcoin")!;
    const [name] = password(stack);
    const { json, origin } = providerFree(stack);
    expect(json.resource.terraform_data[`ephemeral__random_password__${name}`].input).toEqual(stack.ephemeral.random_password[name]);
    const [secret] = resourceOf(stack, "kubernetes_secret_v1");
    const rewritten = json.resource.terraform_data[`kubernetes_secret_v1__${secret}`].input.data_wo;
    expect(Object.values(rewritten)).toContain(`\${terraform_data.ephemeral__random_password__${name}.output.result}`);
    expect(origin(["resource", "terraform_data", `ephemeral__random_password__${name}`, "input", "length"])).toEqual({ address: `ephemeral.random_password.${name}`, key: ["length"] });
  });
});

describe("Terraform refuses", () => {
  beforeAll(() => requireTerraform());

  it("a reference to an ephemeral resource the stack does not declare", async () => {
    const stack = copyOf(stacks.get("dev-bitcoin"));
    const [name, secret] = resourceOf(stack, "kubernetes_secret_v1");
    secret.data_wo["rpc-password"] = "${ephemeral.random_password.nowhere.result}";
    const found = await acceptStacks(new Map([["dev-bitcoin", stack]]), { workdir: work, cacheDir: TERRAFORM_CACHE, checks: ["templates"] });
    expect(formatProblems(found)).toContain(`dev-bitcoin: kubernetes_secret_v1.${name} data_wo.rpc-password: Reference to undeclared resource: An ephemeral resource "random_password" "nowhere" has not been declared`);
  });
});

describe("the schema of ephemeral random_password", () => {
  it("is known although the bindings have no ephemeral classes, with result readable", () => {
    const lookup = schemaFor("ephemeral", "random_password");
    expect("schema" in lookup && [...lookup.schema.attributes.keys()]).toContain("override_special");
    expect("schema" in lookup && lookup.schema.computed.has("result")).toBe(true);
  });

  it("refuses an argument the provider does not have", () => {
    let address = "";
    const problems = schemaProblemsAfter("dev-bitcoin", (json) => {
      const [name, body] = password(json);
      address = `ephemeral.random_password.${name}`;
      body.keepers = { rotation: "1" };
    });
    expect(problems).toEqual([expect.objectContaining({ stack: "dev-bitcoin", address, key: "keepers", message: expect.stringMatching(/^unknown argument or block "keepers"/) })]);
  });

  it("refuses a missing length", () => {
    const problems = schemaProblemsAfter("dev-bitcoin", (json) => delete password(json)[1].length);
    expect(problems.map((p) => p.message)).toEqual(['required argument "length" is missing']);
  });

  it("refuses an ephemeral type nobody wrote a schema for, saying where to add it", () => {
    expect(schemaFor("ephemeral", "random_bytes")).toEqual({ missing: expect.stringMatching(/no schema is known for ephemeral resource type "random_bytes"/) });
  });
});

describe("ephemeral values", () => {
  it("may not flow into an attribute Terraform would store (a Secret's data)", () => {
    let address = "";
    const problems = schemaProblemsAfter("dev-bitcoin", (json) => {
      const [name, secret] = resourceOf(json, "kubernetes_secret_v1");
      address = `kubernetes_secret_v1.${name}`;
      secret.data = secret.data_wo;
      delete secret.data_wo;
    });
    expect(problems.length).toBe(2);
    for (const problem of problems) {
      expect(problem).toEqual(expect.objectContaining({ address, message: expect.stringContaining("an ephemeral value may only be used in a write-only attribute") }));
    }
  });

  it("must name a declared ephemeral resource and an attribute it has", () => {
    const problems = schemaProblemsAfter("dev-bitcoin", (json) => {
      const [, secret] = resourceOf(json, "kubernetes_secret_v1");
      const [name] = password(json);
      secret.data_wo["rpc-password"] = `\${ephemeral.random_password.${name}.value}`;
      secret.data_wo["rpc-username"] = "${ephemeral.random_password.nowhere.result}";
    });
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        "ephemeral.random_password.nowhere.result: no ephemeral resource random_password.nowhere is declared in this stack",
        expect.stringMatching(/\.value: random_password has no attribute "value"; readable: .*result/),
      ]),
    );
    expect(problems.length).toBe(2);
  });
});
