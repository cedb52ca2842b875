/**
 * Build point 11: a README a new user can follow. What it is, a diagram of
 * the stacks, the two set-up commands, bootstrap and its state migration,
 * deploying an environment, the local environment, where each setting lives,
 * and why the ClusterIssuers are not kubernetes_manifest resources. The
 * commands, paths and messages it quotes must be the real ones.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { parseEnvironment } from "../../lib/config/load";
import { ConfigError } from "../../lib/config/messages";
import { environmentSchema } from "../../lib/config/schema";
import { shippedInput } from "../helpers/config";
import { shippedSynthesis } from "../helpers/synth";
import { readSynth } from "../../lib/ci/synth";
import { coinstackDiagram, stackDiagram } from "../../lib/ci/stack-diagram";
import { COIN_NAMES } from "../../coinstacks/names";

const ROOT = join(__dirname, "..", "..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

/** The text of the `##`/`###` section whose heading matches, up to the next heading of that level or higher. */
function section(heading: RegExp): string {
  const lines = readme.split("\n");
  const start = lines.findIndex((line) => /^#{2,3} /.test(line) && heading.test(line));
  if (start === -1) throw new Error(`README has no section matching ${heading}`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  const end = lines.findIndex((line, i) => i > start && new RegExp(`^#{1,${level}} `).test(line));
  return lines.slice(start, end === -1 ? undefined : end).join("\n");
}

/** Fenced code blocks of a text. */
const codeBlocks = (text: string): string[] => [...text.matchAll(/```[a-z]*\n([^]*?)```/g)].map((m) => m[1]!);

describe("the README", () => {
  it("says what the project is in its opening paragraph", () => {
    const opening = readme.split("\n## ")[0]!;
    expect(opening).toMatch(/^# /);
    for (const word of [/CDKTF/, /EKS/, /coinstack/i]) expect(opening).toMatch(word);
  });

  it("gives the two set-up commands: `npm ci && npm run synth`, then `npm test`", () => {
    const setUp = codeBlocks(section(/set.?up/i)).join("\n");
    expect(setUp).toMatch(/^npm ci && npm run synth\b/m);
    expect(setUp).toMatch(/^npm test\b/m);
  });

  it("draws the stacks in deployment order", () => {
    const diagram = codeBlocks(readme).find((block) => block.includes("<env>-bootstrap"))!;
    expect(diagram).toBeDefined();
    const at = (id: string): number => diagram.indexOf(id);
    expect(at("<env>-bootstrap")).toBeLessThan(at("<env>-cluster"));
    expect(at("<env>-cluster")).toBeLessThan(at("<env>-platform"));
    expect(at("<env>-platform")).toBeLessThan(at("<env>-<coin>"));
  });

  /** The Mermaid block after `<!-- marker -->`. */
  const mermaidAfter = (marker: string): string => {
    const start = readme.indexOf("```mermaid\n", readme.indexOf(`<!-- ${marker} -->`)) + "```mermaid\n".length;
    return readme.slice(start, readme.indexOf("\n```", start));
  };

  it("draws dev's stacks and their dependencies exactly as the synth records them (npm run graph)", () => {
    expect(mermaidAfter("stack diagram: dev")).toBe(stackDiagram(readSynth(shippedSynthesis().outdir).manifest, "dev"));
  });

  it("draws dev-bitcoin's Kubernetes objects and what each follows exactly as the synth has them (npm run graph)", () => {
    expect(mermaidAfter("coinstack diagram: dev-bitcoin")).toBe(coinstackDiagram(shippedSynthesis().stacks.get("dev-bitcoin")!));
  });

  it("explains bootstrap, then migrating the bootstrap state into the bucket", () => {
    const bootstrap = section(/bootstrap/i);
    expect(bootstrap).toMatch(/cdktf deploy [a-z]+-bootstrap/);
    expect(bootstrap).toMatch(/bootstrapStateInBucket: true/);
    expect(bootstrap).toMatch(/--migrate-state/);
    expect(bootstrap.indexOf("bootstrapStateInBucket")).toBeGreaterThan(bootstrap.search(/cdktf deploy [a-z]+-bootstrap/));
  });

  it("shows how to deploy one environment's stacks in order", () => {
    expect(readme).toMatch(/npx cdktf deploy '[a-z]+-\*'/);
  });

  it("has a section on the local environment", () => {
    const local = section(/local environment/i);
    expect(local).toMatch(/kubeconfig|context/);
    expect(local).toMatch(/cdktf deploy 'local-\*'/);
  });

  it("says where every top-level config setting lives", () => {
    const settings = section(/where each setting lives/i);
    const keys = Object.keys(environmentSchema.shape).filter((key) => key !== "$schema" && key !== "name");
    expect(keys.filter((key) => !settings.includes(key))).toEqual([]);
  });

  it("explains why the ClusterIssuers are a Helm release and not kubernetes_manifest", () => {
    const why = section(/ClusterIssuer/);
    for (const term of [/kubernetes_manifest/, /plan time/, /CRD/, /helm_release/]) expect(why).toMatch(term);
  });

  it("quotes a config error exactly as the loader reports it", () => {
    const input = shippedInput("prod");
    input.cluster.nodeGroups[0].desiredSize = "three";
    let line = "";
    try {
      parseEnvironment("config/prod.yaml", stringify(input), COIN_NAMES);
    } catch (error) {
      line = (error as ConfigError).problems[0]!;
    }
    expect(line).not.toBe("");
    expect(readme).toContain(line);
  });

  it("adds a coin with one command that regenerates every generated record (schema, volume floors, replacement record)", () => {
    expect((pkg.scripts.records as string).split(" && ")).toEqual(["npm run --silent schema", "npm run --silent volumes:record", "npm run --silent replacement:record"]);
    const adding = readme.slice(readme.indexOf("## Adding a coin"), readme.indexOf("\n## ", readme.indexOf("## Adding a coin") + 3));
    expect(adding).toContain("run `npm run records`");
  });
  it("says CDKTF is deprecated, since when, and what a user's ways forward are", () => {
    const section = readme.slice(readme.indexOf("## CDKTF's status"), readme.indexOf("\n## ", readme.indexOf("## CDKTF's status") + 3));
    expect(section).toContain("2025-12-10");
    expect(section).toMatch(/CDK Terrain/);
    expect(section).toContain("Stay on the pins");
    expect(section).toContain("Keep the JSON");
  });

  it("names only npm scripts that exist", () => {
    const used = [...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((script) => !(script in pkg.scripts))).toEqual([]);
  });

  it("points only at paths that exist in its layout table", () => {
    const layout = section(/^## Layout/);
    const paths = [...layout.matchAll(/^\| `([^`<]+)`/gm)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(5);
    expect(paths.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it("describes the jest transformer that jest.config.js really uses", () => {
    const config = require(join(ROOT, "jest.config.js"));
    const [transformer] = Object.values<any>(config.transform).map((t) => (Array.isArray(t) ? t[0] : t));
    const word = transformer === "@swc/jest" ? /\bswc\b/ : /\bts-jest\b/;
    expect(section(/^## Tests/)).toMatch(word);
  });
});
