/**
 * Terraform itself judges every synthesized stack, offline (lib/acceptance/terraform):
 * the configuration loads, every string parses as the template it is, every
 * reference resolves, every backend block configures, and literal text reaches
 * the cluster byte for byte. Provider schemas are judged in schema.spec.ts, charts
 * in helm.spec.ts; a real plan needs providers and credentials (the GitHub jobs).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { acceptStacks, type TerraformCheck } from "../../lib/acceptance/terraform/accept";
import { requireTerraform } from "../../lib/acceptance/terraform/cli";
import { decodeAsTerraform } from "../../lib/acceptance/terraform/decode";
import { type AcceptanceProblem, formatProblems } from "../../lib/acceptance/problem";
import type { StackJson } from "../../lib/ci/synth";
import { MINIMUM_TERRAFORM } from "../../lib/core/terraform-version";
import { COINSTACKS_DIR } from "../../coinstacks/lib/scripts";
import { variantOf } from "../helpers/config";
import { copyOf, resourceOf, scratchDir, synthesizedStacks, TERRAFORM_CACHE } from "./helpers";

// Terraform runs in child processes: a cold run of every check over every stack takes seconds.
jest.setTimeout(60_000);

const work = scratchDir("terraform");
const { stacks } = synthesizedStacks();
let problems: AcceptanceProblem[];

/** Terraform's problems with one broken stack, named `name`. */
async function judge(name: string, stack: StackJson, checks?: TerraformCheck[]): Promise<AcceptanceProblem[]> {
  return acceptStacks(new Map([[name, stack]]), { workdir: work, cacheDir: TERRAFORM_CACHE, checks });
}

function scriptFiles(dir = COINSTACKS_DIR): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? scriptFiles(path) : entry.endsWith(".sh") ? [path] : [];
  });
}

beforeAll(async () => {
  requireTerraform();
  problems = await acceptStacks(stacks, { workdir: work, cacheDir: TERRAFORM_CACHE });
}, 120_000);

describe("every shipped stack", () => {
  it("is judged: dev, prod and local, bootstrap to coins", () => {
    expect(stacks.size).toBeGreaterThanOrEqual(20);
    for (const name of ["dev-bootstrap", "dev-cluster", "dev-platform", "dev-bitcoin", "prod-polkadot", "local-platform", "local-bitcoin"]) expect(stacks.has(name)).toBe(true);
  });

  it.each([...stacks.keys()])("%s is accepted by terraform init, validate and its backend", (name) => {
    expect(formatProblems(problems.filter((p) => p.stack === name))).toBe("");
  });

  it.each([...stacks.keys()])(`%s requires Terraform >= ${MINIMUM_TERRAFORM}`, (name) => {
    expect(stacks.get(name)!.terraform.required_version).toBe(`>= ${MINIMUM_TERRAFORM}`);
  });
});

describe("literal text", () => {
  it("every script a container mounts is, as Terraform reads it, byte for byte a file in coinstacks/", async () => {
    const mounted = [...stacks.values()].flatMap((stack) =>
      Object.values((stack.resource?.kubernetes_config_map_v1 ?? {}) as Record<string, { data: Record<string, string> }>).flatMap((map) =>
        Object.entries(map.data).filter(([key]) => key.endsWith(".sh")),
      ),
    );
    expect(mounted.length).toBeGreaterThan(100);
    const files = new Set(scriptFiles().map((path) => readFileSync(path, "utf8")));
    const decoded = (await decodeAsTerraform(mounted.map(([, text]) => text), work)) as string[];
    const strangers = mounted.filter((_, index) => !files.has(decoded[index]!)).map(([key]) => key);
    expect(strangers).toEqual([]);
  });

  it("an environment variable typed in config with ${ and %{ reaches the container unchanged", async () => {
    const value = "${HOME} %{if x} $${kept} 100% {}";
    const env = variantOf("local", (input) => {
      input.coins.bitcoin.services = { ...input.coins.bitcoin.services, daemon: { ...input.coins.bitcoin.services?.daemon, env: { OPERATOR_NOTE: value } } };
    });
    const { stacks: variant } = synthesizedStacks([env]);
    const [, statefulSet] = resourceOf(variant.get("local-bitcoin")!, "kubernetes_stateful_set_v1");
    const written = statefulSet.spec.template.spec.container.flatMap((c: any) => c.env ?? []).find((e: any) => e.name === "OPERATOR_NOTE").value;
    expect(await decodeAsTerraform([written], work)).toEqual([value]);
    expect(formatProblems(await judge("local-bitcoin", variant.get("local-bitcoin")!, ["templates"]))).toBe("");
  });
});

describe("Terraform refuses a stack broken on purpose, naming stack, address and key", () => {
  it("an unescaped ${ in a script", async () => {
    const stack = copyOf(stacks.get("dev-bitcoin"));
    const [name, configMap] = resourceOf(stack, "kubernetes_config_map_v1", "coinstack_scripts");
    configMap.data["daemon-startup.sh"] = configMap.data["daemon-startup.sh"].replace("$${", "${");
    const found = await judge("dev-bitcoin", stack, ["templates"]);
    expect(formatProblems(found)).toContain(`dev-bitcoin: kubernetes_config_map_v1.${name} data["daemon-startup.sh"]: Extra characters after interpolation expression`);
  });

  it("an unescaped %{ in a script", async () => {
    const stack = copyOf(stacks.get("dev-bitcoin"));
    const [name, configMap] = resourceOf(stack, "kubernetes_config_map_v1", "coinstack_scripts");
    configMap.data["daemon-probe-lib.sh"] = configMap.data["daemon-probe-lib.sh"].replace("%%{", "%{");
    const found = await judge("dev-bitcoin", stack, ["templates"]);
    expect(formatProblems(found)).toContain(`dev-bitcoin: kubernetes_config_map_v1.${name} data["daemon-probe-lib.sh"]: Invalid template`);
  });

  it("a ${}-wrapped depends_on entry (the monitoring release's, as it once shipped)", async () => {
    const stack = copyOf(stacks.get("dev-platform"));
    const [name, release] = resourceOf(stack, "helm_release", "monitoring");
    release.depends_on = release.depends_on.map((entry: string) => (entry.startsWith("kubernetes_secret_v1.") ? `\${${entry}}` : entry));
    const found = await judge("dev-platform", stack, ["load"]);
    expect(formatProblems(found)).toMatch(new RegExp(`^dev-platform: helm_release\\.${name} depends_on\\[\\d\\]: Invalid expression: A single static variable reference is required`, "m"));
  });

  it("a reference to an undeclared resource", async () => {
    const stack = copyOf(stacks.get("dev-bitcoin"));
    const [name, statefulSet] = resourceOf(stack, "kubernetes_stateful_set_v1");
    statefulSet.spec.service_name = "${kubernetes_service_v1.nowhere.metadata[0].name}";
    const found = await judge("dev-bitcoin", stack, ["templates"]);
    expect(formatProblems(found)).toContain(`dev-bitcoin: kubernetes_stateful_set_v1.${name} spec.service_name: Reference to undeclared resource`);
  });

  it("a depends_on entry naming an undeclared resource", async () => {
    const stack = copyOf(stacks.get("dev-platform"));
    const [name, release] = resourceOf(stack, "helm_release", "traefik");
    release.depends_on = [...release.depends_on, "helm_release.nowhere"];
    const found = await judge("dev-platform", stack, ["templates"]);
    expect(formatProblems(found)).toMatch(new RegExp(`^dev-platform: helm_release\\.${name} depends_on\\[\\d\\]: Reference to undeclared resource`, "m"));
  });

  it("an unknown argument in the backend block", async () => {
    const stack = copyOf(stacks.get("prod-cluster"));
    stack.terraform.backend.s3.buckets = stack.terraform.backend.s3.bucket;
    const found = await judge("prod-cluster", stack, ["backend"]);
    expect(formatProblems(found)).toContain("prod-cluster: terraform.backend.s3 buckets: Extraneous JSON object property");
  });
});
