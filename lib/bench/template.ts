/**
 * The baseline the benchmark compares the project with: the program
 * `cdktf init --template typescript` sets up (a TerraformStack class per stack
 * in main.ts, the provider packages imported whole, run by type-checking
 * `npx ts-node main.ts`), written from the project's own synthesized output so
 * that it emits the same stacks, providers, backends, resources, data sources,
 * outputs and stack dependencies.
 *
 * Every element is an instance of its class from the provider barrel (e.g.
 * `new aws.eksCluster.EksCluster(...)`), so the program pays the barrels'
 * module loading and type-checking; its synthesized attributes are set through
 * the escape hatch (`addOverride`) instead of regenerated camelCase props, and
 * `overrideLogicalId` keeps every address. `compareSynths` checks that the two
 * outputs are the same.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { backendType, dependencyOrder, readSynth, type StackJson } from "../ci/synth";

/** The provider packages, by the prefix of their Terraform types. */
const PROVIDERS: Record<string, { readonly name: string; readonly alias: string }> = {
  aws: { name: "@cdktf/provider-aws", alias: "aws" },
  kubernetes: { name: "@cdktf/provider-kubernetes", alias: "kubernetes" },
  helm: { name: "@cdktf/provider-helm", alias: "helm" },
  random: { name: "@cdktf/provider-random", alias: "random" },
};

/** cdktf core classes for what no provider package defines. */
const BACKENDS: Record<string, string> = { s3: "S3Backend", local: "LocalBackend" };
const REMOTE_STATES: Record<string, string> = { s3: "DataTerraformRemoteStateS3", local: "DataTerraformRemoteStateLocal" };

/** Finds `<alias>.<namespace>.<Class>` for a Terraform type in a provider barrel, from the package's own files. */
export class BarrelIndex {
  private readonly namespaces = new Map<string, Map<string, string>>();

  constructor(private readonly projectRoot: string) {}

  /** `kind` "resource" / "data" with a Terraform type, or "provider" with the provider name. */
  expression(kind: "resource" | "data" | "provider", type: string): string {
    const prefix = type.split("_")[0]!;
    const provider = PROVIDERS[prefix];
    if (!provider) throw new Error(`no provider package known for ${kind} "${type}"`);
    const folder =
      kind === "provider" ? "provider" : kind === "data" ? `data-${type.replace(/_/g, "-")}` : type.slice(prefix.length + 1).replace(/_/g, "-");
    const namespace = this.namespacesOf(provider.name).get(folder);
    if (!namespace) throw new Error(`${provider.name} exports no namespace for lib/${folder} (${kind} "${type}")`);
    const module = require(require.resolve(`${provider.name}/lib/${folder}`, { paths: [this.projectRoot] })) as Record<string, unknown>;
    const className = Object.entries(module).find(([, value]) => (value as { tfResourceType?: string } | undefined)?.tfResourceType === type)?.[0];
    if (!className) throw new Error(`${provider.name}/lib/${folder} has no class for "${type}"`);
    return `${provider.alias}.${namespace}.${className}`;
  }

  /** lib folder → namespace, from the barrel's `export * as <namespace> from './<folder>'` lines. */
  private namespacesOf(packageName: string): Map<string, string> {
    let map = this.namespaces.get(packageName);
    if (!map) {
      const index = readFileSync(require.resolve(`${packageName}/lib/index.d.ts`, { paths: [this.projectRoot] }), "utf8");
      map = new Map([...index.matchAll(/export \* as (\w+) from '\.\/([\w-]+)';/g)].map((m) => [m[2]!, m[1]!]));
      this.namespaces.set(packageName, map);
    }
    return map;
  }
}

const literal = (value: unknown): string => JSON.stringify(value);

/** Statements creating one stack's elements inside its constructor. */
function stackBody(stack: StackJson, barrels: BarrelIndex, coreClasses: Set<string>): string[] {
  const lines: string[] = [];
  const type = backendType(stack);
  const backendClass = BACKENDS[type];
  if (!backendClass) throw new Error(`the template generator knows no cdktf class for the "${type}" backend`);
  coreClasses.add(backendClass);
  lines.push(`set(new ${backendClass}(this, {} as any), ${literal(stack.terraform?.backend?.[type] ?? {})});`);
  // What cdktf 0.21 has no class for, through the stack's escape hatch as a template user would write it.
  const requiredVersion = stack.terraform?.required_version as string | undefined;
  if (requiredVersion) lines.push(`this.addOverride("terraform.required_version", ${literal(requiredVersion)});`);
  for (const [type, byName] of Object.entries<Record<string, Record<string, unknown>>>((stack.ephemeral ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const [name, attributes] of Object.entries(byName)) {
      const rest = Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== "//"));
      lines.push(`this.addOverride(${literal(`ephemeral.${type}.${name}`)}, ${literal(rest)});`);
    }
  }
  for (const [name, configs] of Object.entries<Record<string, unknown>[]>(stack.provider ?? {})) {
    configs.forEach((config, i) => {
      lines.push(`set(new ${barrels.expression("provider", name)}(this, ${literal(`provider-${name}-${i}`)}, {} as any), ${literal(config)});`);
    });
  }
  for (const kind of ["resource", "data"] as const) {
    for (const [type, byName] of Object.entries<Record<string, Record<string, unknown>>>(stack[kind] ?? {})) {
      for (const [name, attributes] of Object.entries(byName)) {
        const rest = Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== "//"));
        const id = literal(`${kind}.${type}.${name}`);
        const cls =
          type === "terraform_remote_state" ? REMOTE_STATES[String(rest.backend)] : barrels.expression(kind, type);
        if (!cls) throw new Error(`the template generator knows no cdktf class for terraform_remote_state with backend "${String(rest.backend)}"`);
        if (type === "terraform_remote_state") coreClasses.add(cls);
        lines.push(`set(new ${cls}(this, ${id}, {} as any), ${literal(rest)}, ${literal(name)});`);
      }
    }
  }
  for (const [name, attributes] of Object.entries<Record<string, unknown>>(stack.output ?? {})) {
    lines.push(`set(new TerraformOutput(this, ${literal(`output.${name}`)}, { value: "" }), ${literal(attributes)}, ${literal(name)});`);
  }
  return lines;
}

/** main.ts of the template-style program for a synth directory. */
export function templateMain(synthDir: string, projectRoot: string): string {
  const { manifest, stacks } = readSynth(synthDir);
  const barrels = new BarrelIndex(projectRoot);
  const order = dependencyOrder(manifest);
  const coreClasses = new Set(["App", "TerraformStack", "TerraformOutput", "TerraformElement"]);
  const classes = order.map((name, i) => [
    `class Stack${i} extends TerraformStack {`,
    "  constructor(scope: Construct, id: string) {",
    "    super(scope, id);",
    ...stackBody(stacks.get(name)!, barrels, coreClasses).map((line) => `    ${line}`),
    "  }",
    "}",
    "",
  ]);
  const out: string[] = [
    `import { Construct } from "constructs";`,
    `import { ${[...coreClasses].join(", ")} } from "cdktf";`,
    ...Object.values(PROVIDERS).map((p) => `import * as ${p.alias} from ${literal(p.name)};`),
    "",
    "/** Escape hatch: every synthesized attribute as an override, the address kept. */",
    "function set(element: TerraformElement, attributes: Record<string, unknown>, logicalId?: string): void {",
    "  if (logicalId !== undefined) element.overrideLogicalId(logicalId);",
    "  for (const [key, value] of Object.entries(attributes)) element.addOverride(key, value);",
    "}",
    "",
  ];
  out.push(...classes.flat());
  out.push("const app = new App();", "const stacks: Record<string, TerraformStack> = {};");
  order.forEach((name, i) => out.push(`stacks[${literal(name)}] = new Stack${i}(app, ${literal(name)});`));
  for (const name of order) {
    for (const dependency of manifest.stacks[name]!.dependencies) out.push(`stacks[${literal(name)}]!.addDependency(stacks[${literal(dependency)}]!);`);
  }
  out.push("app.synth();", "");
  return out.join("\n");
}

/** tsconfig.json of `cdktf init --template typescript` (cdktf 0.21). */
const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: ["es2018"],
    module: "CommonJS",
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: "ES2018",
    incremental: true,
    skipLibCheck: true,
  },
  include: ["**/*.ts"],
  exclude: ["node_modules", "cdktf.out"],
};

/** The template's app command (its cdktf.json). */
export const TEMPLATE_APP = "npx ts-node main.ts";

/** Writes the template-style project into `dir`, borrowing the project's node_modules. */
export function writeTemplateProject(dir: string, synthDir: string, projectRoot: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.ts"), templateMain(synthDir, projectRoot));
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(TEMPLATE_TSCONFIG, null, 2)}\n`);
  writeFileSync(join(dir, "cdktf.json"), `${JSON.stringify({ language: "typescript", app: TEMPLATE_APP, context: {} }, null, 2)}\n`);
  symlinkSync(join(projectRoot, "node_modules"), join(dir, "node_modules"), "dir");
}

/** A value with every `//` (cdktf metadata: construct paths, versions) removed and keys sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => key !== "//")
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export interface SynthComparison {
  readonly stacks: number;
  readonly resources: number;
  /** Stacks missing, extra or different (besides `//` metadata), with what differs. */
  readonly differences: readonly string[];
}

/** Compares two synth directories stack by stack. */
export function compareSynths(expectedDir: string, actualDir: string): SynthComparison {
  const expected = readSynth(expectedDir);
  const actual = readSynth(actualDir);
  const differences: string[] = [];
  let resources = 0;
  for (const [name, stack] of expected.stacks) {
    const other = actual.stacks.get(name);
    if (!other) {
      differences.push(`${name}: missing`);
      continue;
    }
    for (const byName of Object.values<Record<string, unknown>>(stack.resource ?? {})) resources += Object.keys(byName).length;
    const keys = new Set([...Object.keys(stack), ...Object.keys(other)]);
    for (const key of [...keys].filter((k) => k !== "//")) {
      if (JSON.stringify(canonical(stack[key])) !== JSON.stringify(canonical(other[key]))) differences.push(`${name}: ${key} differs`);
    }
    const dependencies = (s: typeof expected, n: string): string => JSON.stringify([...(s.manifest.stacks[n]?.dependencies ?? [])].sort());
    if (dependencies(expected, name) !== dependencies(actual, name)) differences.push(`${name}: stack dependencies differ`);
  }
  for (const name of actual.stacks.keys()) if (!expected.stacks.has(name)) differences.push(`${name}: extra stack`);
  return { stacks: expected.stacks.size, resources, differences };
}
