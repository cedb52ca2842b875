/**
 * Build point 12: no source file imports a provider package through its
 * barrel. Importing the bare package name loads ~2,200 modules (seconds and
 * hundreds of MB per process); deep imports of `/lib/<resource>` load one.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");
const SCANNED = ["lib", "stacks", "coinstacks", "scripts", "__tests__", "main.ts"];
const PROVIDERS = ["aws", "kubernetes", "helm", "random"];

/** Every .ts file under the scanned paths. */
function sourceFiles(path: string): string[] {
  if (statSync(path).isFile()) return path.endsWith(".ts") ? [path] : [];
  return readdirSync(path).flatMap((entry) => (entry === "node_modules" ? [] : sourceFiles(join(path, entry))));
}

/** Source without comments (a commented-out import loads nothing); `//` inside "https://…" stays. */
function stripComments(source: string): string {
  return source.replace(/\/\*[^]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1");
}

/** Module specifiers in static imports, re-exports, `require()` and dynamic `import()`. */
function specifiers(source: string): string[] {
  const code = stripComments(source);
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\b(?:require|import)\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((m) => m[1]!));
}

/** The provider-package imports in `source` that are not `<package>/lib/<resource>`. */
function barrelImports(source: string): string[] {
  return specifiers(source).filter((specifier) => {
    const match = /^@cdktf\/provider-([a-z]+)(\/.*)?$/.exec(specifier);
    if (!match || !PROVIDERS.includes(match[1]!)) return false;
    return !/^\/lib\/(?!index$)[a-z0-9-]+(\/index)?$/.test(match[2] ?? "");
  });
}

const files = SCANNED.flatMap((path) => sourceFiles(join(ROOT, path)));

describe("provider imports", () => {
  it("scans every TypeScript source file", () => {
    expect(files.length).toBeGreaterThan(30);
    for (const path of SCANNED) expect(files.some((file) => relative(ROOT, file).startsWith(path))).toBe(true);
  });

  it("are all deep imports of one resource, in every file", () => {
    const offenders = files.flatMap((file) => barrelImports(readFileSync(file, "utf8")).map((s) => `${relative(ROOT, file)}: ${s}`));
    expect(offenders).toEqual([]);
  });

  it("are found by the scanner (the project does use deep imports)", () => {
    const deep = files.flatMap((file) => specifiers(readFileSync(file, "utf8"))).filter((s) => s.startsWith("@cdktf/provider-"));
    expect(deep.length).toBeGreaterThan(20);
    for (const provider of ["aws", "kubernetes", "helm", "random"]) expect(deep.some((s) => s.startsWith(`@cdktf/provider-${provider}/lib/`))).toBe(true);
  });
});

describe("the barrel-import scanner", () => {
  // Built from parts so this file itself holds no barrel import for the scan above to find.
  const pkg = (name: string): string => ["@cdktf", `provider-${name}`].join("/");

  it.each([
    [`import * as aws from "${pkg("aws")}";`],
    [`import { provider } from '${pkg("kubernetes")}';`],
    [`import {\n  Release,\n} from "${pkg("helm")}";`],
    [`import type { Password } from "${pkg("random")}";`],
    [`export * from "${pkg("aws")}";`],
    [`const aws = require("${pkg("aws")}");`],
    [`const helm = await import("${pkg("helm")}");`],
    [`import "${pkg("kubernetes")}";`],
    [`import { s3Bucket } from "${pkg("aws")}/lib";`],
    [`import { S3Bucket } from "${pkg("aws")}/lib/";`],
    [`import { S3Bucket } from "${pkg("aws")}/lib/index";`],
  ])("catches a planted barrel import: %s", (source) => {
    expect(barrelImports(source)).toHaveLength(1);
  });

  it.each([
    [`import { S3Bucket } from "${pkg("aws")}/lib/s3-bucket";`],
    [`import { Release } from '${pkg("helm")}/lib/release';`],
    [`import { EksCluster } from "${pkg("aws")}/lib/eks-cluster/index";`],
    [`const { Password } = require("${pkg("random")}/lib/password");`],
    [`import { Testing } from "cdktf";`],
  ])("accepts a deep import: %s", (source) => {
    expect(barrelImports(source)).toEqual([]);
  });

  it("ignores imports in comments", () => {
    expect(barrelImports(`// import * as aws from "${pkg("aws")}";\n/* require("${pkg("helm")}") */\n`)).toEqual([]);
  });

  it("flags a file that mixes deep and barrel imports", () => {
    const source = `import { Vpc } from "${pkg("aws")}/lib/vpc";\nimport * as k8s from "${pkg("kubernetes")}";\n`;
    expect(barrelImports(source)).toEqual([pkg("kubernetes")]);
  });
});
