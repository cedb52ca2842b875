/**
 * Build point 1: the project skeleton. Pinned versions, a lock file that
 * agrees with them, a strict tsconfig, a cdktf app that runs without
 * type-checking, fast jest, `tsc -b` (type-checking only) in `npm test`, and a .gitignore
 * that keeps generated output and state out of git.
 */
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const read = (file: string): string => readFileSync(join(ROOT, file), "utf8");
const readJson = (file: string): any => JSON.parse(read(file));

const pkg = readJson("package.json");
const lock = readJson("package-lock.json");
const allDependencies: Record<string, string> = { ...pkg.dependencies, ...pkg.devDependencies };

/** A version with no range operator: what `npm install --save-exact` writes. */
const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

describe("package.json", () => {
  it.each([
    ["cdktf", "0.21.0"],
    ["cdktf-cli", "0.21.0"],
    ["@cdktf/provider-aws", "21.22.1"],
    ["@cdktf/provider-kubernetes", "12.1.1"],
    ["@cdktf/provider-helm", "12.1.2"],
    ["@cdktf/provider-random", "12.0.1"],
  ])("pins %s to exactly %s", (name, version) => {
    expect(allDependencies[name]).toBe(version);
  });

  it("pins typescript to an exact 5.9.x", () => {
    expect(allDependencies.typescript).toMatch(/^5\.9\.\d+$/);
  });

  it("pins constructs to an exact 10.x", () => {
    expect(allDependencies.constructs).toMatch(/^10\.\d+\.\d+$/);
  });

  it("pins every dependency exactly, with no ranges", () => {
    const ranged = Object.entries(allDependencies).filter(([, version]) => !EXACT.test(version));
    expect(ranged).toEqual([]);
  });

  it("keeps the runtime libraries in dependencies and the tools in devDependencies", () => {
    for (const name of ["cdktf", "constructs", "@cdktf/provider-aws", "@cdktf/provider-kubernetes", "@cdktf/provider-helm"]) {
      expect(pkg.dependencies).toHaveProperty([name]);
    }
    for (const name of ["cdktf-cli", "typescript", "jest"]) expect(pkg.devDependencies).toHaveProperty([name]);
  });

  it("type-checks the whole project before jest in `npm test`, emitting nothing (`tsc -b` on tsconfig's noEmit)", () => {
    expect(pkg.scripts.test).toMatch(/^tsc -b && jest\b/);
    expect(readJson("tsconfig.json").compilerOptions).toMatchObject({ noEmit: true, incremental: true });
  });

  it("has `npm run synth` synthesize through the summary script", () => {
    expect(pkg.scripts.synth).toMatch(/scripts\/synth\.ts/);
    expect(pkg.scripts.synth).not.toMatch(/ts-node/);
  });
});

describe("package-lock.json", () => {
  it("exists and is a lockfile v2 or later", () => {
    expect(existsSync(join(ROOT, "package-lock.json"))).toBe(true);
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
  });

  it("records the same direct dependencies as package.json", () => {
    expect(lock.packages[""].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[""].devDependencies).toEqual(pkg.devDependencies);
  });

  it("resolves every direct dependency to its pinned version", () => {
    const mismatched = Object.entries(allDependencies)
      .map(([name, version]) => [name, version, lock.packages[`node_modules/${name}`]?.version])
      .filter(([, version, locked]) => version !== locked);
    expect(mismatched).toEqual([]);
  });

  it("matches what is installed in node_modules", () => {
    const mismatched = Object.entries(allDependencies)
      .map(([name, version]) => [name, version, readJson(`node_modules/${name}/package.json`).version])
      .filter(([, version, installed]) => version !== installed);
    expect(mismatched).toEqual([]);
  });
});

describe("cdktf.json", () => {
  const cdktf = readJson("cdktf.json");

  it("runs the app on plain node through the transpile-cache hook, without type-checking ts-node", () => {
    expect(cdktf.app).not.toMatch(/ts-node|tsx/);
    expect(cdktf.app).toMatch(/^node --require \.\/scripts\/ts-hook\.cjs /);
  });

  it("runs main.ts, the app entry point", () => {
    expect(cdktf.app).toMatch(/\bmain\.(ts|js)$/);
    expect(existsSync(join(ROOT, "main.ts"))).toBe(true);
  });

  it("generates no provider bindings (prebuilt providers only)", () => {
    expect(cdktf.language).toBe("typescript");
    expect(cdktf.terraformProviders).toEqual([]);
  });
});

describe("tsconfig.json", () => {
  const tsconfig = readJson("tsconfig.json");

  it("is strict", () => {
    expect(tsconfig.compilerOptions.strict).toBe(true);
    expect(tsconfig.compilerOptions.noUncheckedIndexedAccess).toBe(true);
  });

  it("checks every source directory, the tests included", () => {
    expect(tsconfig.include).toEqual(
      expect.arrayContaining(["main.ts", "lib/**/*.ts", "stacks/**/*.ts", "coinstacks/**/*.ts", "scripts/**/*.ts", "__tests__/**/*.ts"]),
    );
  });

  it("only type-checks (emits nothing)", () => {
    expect(tsconfig.compilerOptions.noEmit).toBe(true);
  });
});

describe("jest", () => {
  const config = require(join(ROOT, "jest.config.js"));

  it("only transpiles (@swc/jest, or ts-jest without type-checking under isolatedModules): tsc checks types once", () => {
    const transformers = Object.values<any>(config.transform).map((t) => (Array.isArray(t) ? t : [t, {}]));
    expect(transformers).toHaveLength(1);
    const [name, options] = transformers[0]!;
    if (name === "ts-jest") {
      expect(options.diagnostics === false || options.isolatedModules === true).toBe(true);
      expect(readJson("tsconfig.json").compilerOptions.isolatedModules).toBe(true);
    } else {
      expect(name).toBe("@swc/jest");
    }
  });

  it("registers the cdktf matchers in a setup file", () => {
    expect(config.setupFilesAfterEnv).toEqual(["<rootDir>/__tests__/setup.ts"]);
    expect(read("__tests__/setup.ts")).toMatch(/Testing\.setupJest\(\)/);
  });

  it("runs in the node environment, extended only to end its worker process promptly", () => {
    expect(config.testEnvironment).toBe("<rootDir>/__tests__/environment.cjs");
    const { TestEnvironment } = require("jest-environment-node");
    expect(Object.getPrototypeOf(require("../environment.cjs"))).toBe(TestEnvironment);
  });
});

describe(".gitignore", () => {
  const lines = read(".gitignore")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const ignores = (pattern: string): boolean => lines.includes(pattern) || lines.includes(`${pattern}/`);

  it.each(["cdktf.out", ".gen", "node_modules", "*.tfstate"])("ignores %s", (pattern) => {
    expect(ignores(pattern)).toBe(true);
  });

  it("ignores state backups and local plans too", () => {
    expect(ignores("*.tfstate.*")).toBe(true);
    expect(ignores(".terraform")).toBe(true);
  });
});

describe(".ci/run", () => {
  const script = read(".ci/run");

  it("installs from the lock file, then runs exactly `npm test`", () => {
    expect(script).toMatch(/^npm ci\b/m);
    expect(script).toMatch(/^npm test$/m);
    expect(script.indexOf("npm ci")).toBeLessThan(script.indexOf("npm test"));
  });

  it("stops at the first failure", () => {
    expect(script).toMatch(/set -euo pipefail/);
  });

  it("is executable", () => {
    expect(() => accessSync(join(ROOT, ".ci/run"), constants.X_OK)).not.toThrow();
  });
});
