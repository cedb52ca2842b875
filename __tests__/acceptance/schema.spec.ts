import { checkSchemas, checkStack } from "../../lib/acceptance/schema/check";
import { schemaFor, type BlockSchema } from "../../lib/acceptance/schema/provider-schema";
import { formatProblems, type AcceptanceProblem } from "../../lib/acceptance/problem";
import type { StackJson } from "../../lib/ci/synth";
import { synthesizedStacks } from "./helpers";

/** Every shipped environment, synthesized once. */
const { stacks } = synthesizedStacks();

/** `[name, body]` of the first resource (or `data.` source) of `type` in `json`. */
function first(json: StackJson, type: string): [string, Record<string, any>] {
  const [section, bareType] = type.startsWith("data.") ? ["data", type.slice(5)] : ["resource", type];
  const entry = Object.entries(json[section]?.[bareType] ?? {})[0];
  if (!entry) throw new Error(`no ${type} in the stack`);
  return entry as [string, Record<string, any>];
}

/** The problems of `stack` after `mutate` changed a deep copy of its JSON; the other stacks stay as shipped. */
function problemsAfter(stack: string, mutate: (json: StackJson) => void): AcceptanceProblem[] {
  const json = structuredClone(stacks.get(stack)!);
  mutate(json);
  return checkStack(stack, new Map([...stacks, [stack, json]]));
}

describe("provider schemas of the shipped stacks", () => {
  it("accept every resource, data source, provider, reference and output of every shipped stack", () => {
    expect(stacks.size).toBeGreaterThan(10);
    expect(formatProblems(checkSchemas(stacks))).toBe("");
  });

  it("refuse a ${}-wrapped depends_on entry, as Terraform does (the monitoring release's Grafana secret, as it once shipped)", () => {
    const problems = problemsAfter("dev-platform", (json) => {
      const [, release] = Object.entries<any>(json.resource.helm_release).find(([name]) => name.startsWith("monitoring_helm_release_"))!;
      const [secret] = first(json, "kubernetes_secret_v1");
      release.depends_on = [...release.depends_on.filter((d: string) => !d.includes(secret)), `\${kubernetes_secret_v1.${secret}}`];
    });
    expect(problems).toEqual([
      expect.objectContaining({ stack: "dev-platform", address: expect.stringMatching(/^helm_release\.monitoring_helm_release_/), key: expect.stringMatching(/^depends_on\[\d+\]$/) }),
    ]);
    expect(problems[0]!.message).toMatch(/not a single static reference.*no \$\{…\}/);
  });
});

describe("provider schemas from the bindings", () => {
  const eks = (schemaFor("resource", "aws_eks_cluster") as { schema: BlockSchema }).schema;

  it("mark required arguments and blocks, and computed attributes as readable but not settable", () => {
    expect(eks.attributes.get("name")).toEqual({ required: true });
    expect(eks.attributes.get("version")).toEqual({ required: false });
    expect(eks.blocks.get("vpc_config")).toMatchObject({ nesting: "list", required: true, maxOne: true });
    expect(eks.computed.has("endpoint")).toBe(true);
    expect(eks.attributes.has("endpoint")).toBe(false);
  });

  it("find a module whose directory is not named after its type (random_string lives in string-resource)", () => {
    expect(schemaFor("resource", "random_string")).toMatchObject({ schema: { computed: new Set(["id", "result"]) } });
  });

  it("report an unknown type as missing instead of failing", () => {
    expect(schemaFor("resource", "aws_no_such_thing")).toEqual({ missing: '@cdktf/provider-aws has no resource "aws_no_such_thing"' });
    expect(schemaFor("resource", "nope_thing")).toEqual({ missing: expect.stringMatching(/no provider binding @cdktf\/provider-nope/) });
  });
});

describe("schema problems, each located by stack, address and key", () => {
  const statefulSet = (json: StackJson) => first(json, "kubernetes_stateful_set_v1");

  it("a depends_on entry naming an undeclared resource", () => {
    let address = "";
    const problems = problemsAfter("dev-bitcoin", (json) => {
      const [name, body] = statefulSet(json);
      address = `kubernetes_stateful_set_v1.${name}`;
      body.depends_on = [...(body.depends_on ?? []), "kubernetes_namespace_v1.missing"];
    });
    expect(problems).toEqual([
      { stack: "dev-bitcoin", address, key: expect.stringMatching(/^depends_on\[\d+\]$/), message: "no resource kubernetes_namespace_v1.missing is declared in this stack" },
    ]);
  });

  it("an unknown top-level argument, with the known ones", () => {
    let address = "";
    const problems = problemsAfter("dev-bitcoin", (json) => {
      const [name, body] = statefulSet(json);
      address = `kubernetes_stateful_set_v1.${name}`;
      body.foo = "bar";
    });
    expect(problems).toEqual([{ stack: "dev-bitcoin", address, key: "foo", message: 'unknown argument or block "foo"; known: id, metadata, spec, timeouts, wait_for_rollout' }]);
  });

  it("a misspelt nested block, at its path through the nested blocks", () => {
    const problems = problemsAfter("dev-bitcoin", (json) => {
      const podSpec = statefulSet(json)[1].spec.template.spec;
      podSpec.containr = podSpec.container;
      delete podSpec.container;
    });
    expect(problems).toEqual([expect.objectContaining({ key: "spec[0].template[0].spec[0].containr", message: expect.stringMatching(/^unknown argument or block "containr"; known: .*container/) })]);
  });

  it("a missing required block", () => {
    let address = "";
    const problems = problemsAfter("dev-bitcoin", (json) => {
      const [name, body] = first(json, "kubernetes_namespace_v1");
      address = `kubernetes_namespace_v1.${name}`;
      delete body.metadata;
    });
    expect(problems).toContainEqual({ stack: "dev-bitcoin", address, key: "metadata", message: 'required block "metadata" is missing' });
  });

  it("a missing required argument in a nested block", () => {
    const problems = problemsAfter("dev-bitcoin", (json) => {
      delete statefulSet(json)[1].spec.template.spec.container[0].name;
    });
    expect(problems).toEqual([expect.objectContaining({ key: "spec[0].template[0].spec[0].container[0].name", message: 'required argument "name" is missing' })]);
  });

  it("an unknown argument of a data source", () => {
    let address = "";
    const problems = problemsAfter("dev-cluster", (json) => {
      const [name, body] = first(json, "data.aws_availability_zones");
      address = `data.aws_availability_zones.${name}`;
      body.zone_filter = "x";
    });
    expect(problems).toEqual([expect.objectContaining({ stack: "dev-cluster", address, key: "zone_filter", message: expect.stringMatching(/^unknown argument or block "zone_filter"; known: .*filter/) })]);
  });

  it("an unknown argument in a provider's nested object, at a path without indexes for single nesting", () => {
    const problems = problemsAfter("dev-platform", (json) => {
      const { exec } = json.provider.helm[0].kubernetes;
      exec.api_versions = exec.api_version;
    });
    expect(problems).toEqual([expect.objectContaining({ address: "provider.helm", key: "kubernetes.exec.api_versions", message: 'unknown argument or block "api_versions"; known: api_version, args, command, env' })]);
  });

  it("a replace_triggered_by reference to an undeclared resource", () => {
    const problems = problemsAfter("dev-bitcoin", (json) => {
      statefulSet(json)[1].lifecycle.replace_triggered_by = ["kubernetes_config_map_v1.missing.id"];
    });
    expect(problems).toEqual([
      expect.objectContaining({ key: "lifecycle.replace_triggered_by[0]", message: '"kubernetes_config_map_v1.missing.id": no resource kubernetes_config_map_v1.missing is declared in this stack' }),
    ]);
  });

  it("a reference in a string to an undeclared resource", () => {
    const problems = problemsAfter("dev-bitcoin", (json) => {
      statefulSet(json)[1].metadata.labels.owner = "${aws_vpc.missing.id}";
    });
    expect(problems).toEqual([expect.objectContaining({ key: "metadata[0].labels.owner", message: "aws_vpc.missing.id: no resource aws_vpc.missing is declared in this stack" })]);
  });

  it("a reference to an attribute the declared resource's type does not have", () => {
    const problems = problemsAfter("dev-cluster", (json) => {
      json.output.cluster_name.value = json.output.cluster_name.value.replace(/\.name\}$/, ".nam}");
    });
    expect(problems).toEqual([
      { stack: "dev-cluster", address: "output.cluster_name", key: "value", message: expect.stringMatching(/^aws_eks_cluster\.\S+\.nam: aws_eks_cluster has no attribute "nam"; readable: /) },
    ]);
  });

  it("an ignore_changes path that is not in the resource's schema", () => {
    const problems = problemsAfter("dev-bitcoin", (json) => {
      statefulSet(json)[1].lifecycle.ignore_changes = ["spec[0].volume_claim_templates"];
    });
    expect(problems).toEqual([
      expect.objectContaining({ key: "lifecycle.ignore_changes[0]", message: expect.stringMatching(/^"spec\[0\]\.volume_claim_templates": no attribute or block "volume_claim_templates" in spec\[0\]; known: /) }),
    ]);
  });

  it("an ignore_changes path into a list block without an index", () => {
    const problems = problemsAfter("dev-bitcoin", (json) => {
      statefulSet(json)[1].lifecycle.ignore_changes = ["metadata.annotations", 'metadata[0].annotations["x"]'];
    });
    expect(problems).toEqual([expect.objectContaining({ key: "lifecycle.ignore_changes[0]", message: '"metadata.annotations": block metadata is a list: index it like metadata[0]' })]);
  });

  it("a remote-state read of an output the producing stack does not declare", () => {
    const problems = problemsAfter("dev-platform", (json) => {
      const [kubernetes] = json.provider.kubernetes;
      kubernetes.host = kubernetes.host.replace(/endpoint\}$/, "endpoint_url}");
    });
    expect(problems).toEqual([
      expect.objectContaining({ stack: "dev-platform", address: "provider.kubernetes", key: "host", message: expect.stringMatching(/the producing stack has no output "cross-stack-output-\S+endpoint_url"; its outputs: cluster_name, /) }),
    ]);
  });

  it("a remote state that no stack in the set writes", () => {
    const problems = problemsAfter("dev-platform", (json) => {
      json.data.terraform_remote_state[Object.keys(json.data.terraform_remote_state)[0]!].config.key = "dev/dev-nothing.tfstate";
    });
    expect(problems).toEqual([
      expect.objectContaining({ address: "data.terraform_remote_state.cross-stack-reference-input-dev-cluster", key: "config", message: expect.stringMatching(/writes the s3 state s3:\/\/coinstacks-dev-tfstate\/dev\/dev-nothing\.tfstate$/) }),
    ]);
  });

  it("a local remote state found by its file, each path relative to its own stack's directory", () => {
    const withOutput = (json: StackJson) => (json.output = { ready: { value: "yes" } });
    const consumer = structuredClone(stacks.get("local-bitcoin")!);
    consumer.data = { terraform_remote_state: { platform: { backend: "local", config: { path: "../../../state/local-platform.tfstate" } } } };
    first(consumer, "kubernetes_namespace_v1")[1].metadata.labels.platform = "${data.terraform_remote_state.platform.outputs.ready}";
    const producer = structuredClone(stacks.get("local-platform")!);
    withOutput(producer);
    expect(checkStack("local-bitcoin", new Map([...stacks, ["local-bitcoin", consumer], ["local-platform", producer]]))).toEqual([]);
  });

  it("a resource type no provider binding declares", () => {
    const problems = problemsAfter("dev-bitcoin", (json) => {
      json.resource.kubernetes_statefulset_v9 = { x: {} };
    });
    expect(problems).toEqual([{ stack: "dev-bitcoin", address: "kubernetes_statefulset_v9.x", message: '@cdktf/provider-kubernetes has no resource "kubernetes_statefulset_v9"' }]);
  });
});
