/**
 * scripts/ts-hook.cjs, the loader of the synth path (`cdktf.json`, `npm run
 * synth`): TypeScript runs on plain node from a transpile cache that can never
 * serve stale code.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const HOOK = join(__dirname, "..", "..", "scripts", "ts-hook.cjs");

/** Prints whether TypeScript was loaded, i.e. whether anything had to be transpiled. */
const REPORT_TRANSPILER = `process.on("exit", () => console.log("transpiled:", Object.keys(require.cache).some((f) => f.includes("/node_modules/typescript/"))));`;

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "ts-hook-")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--require", HOOK, file], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

describe("scripts/ts-hook.cjs", () => {
  it("runs a TypeScript module and the modules it imports", () => {
    writeFileSync(join(dir, "greeting.ts"), `export const greeting = (name: string): string => \`hello \${name}\`;\n`);
    writeFileSync(join(dir, "main.ts"), `import { greeting } from "./greeting";\nconsole.log(greeting("coinstacks"));\n`);
    const result = run("main.ts");
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("hello coinstacks");
  });

  it("runs the edited code after an edit, never the cached output of the old text", () => {
    const main = join(dir, "main.ts");
    writeFileSync(main, `const size: number = 1;\nconsole.log(size);\n`);
    expect(run(main).stdout).toBe("1");
    writeFileSync(main, `const size: number = 2;\nconsole.log(size);\n`);
    expect(run(main).stdout).toBe("2");
  });

  it("reuses the transpiled output of an unchanged file without loading TypeScript", () => {
    const main = join(dir, "main.ts");
    writeFileSync(main, `const marker: string = "${dir}";\nvoid marker;\n${REPORT_TRANSPILER}\n`);
    expect(run(main).stdout).toBe("transpiled: true");
    expect(run(main).stdout).toBe("transpiled: false");
  });

  it("keeps each module's real __dirname, so files next to the sources are found", () => {
    writeFileSync(join(dir, "main.ts"), `console.log(__dirname);\n`);
    expect(run("main.ts").stdout).toBe(dir);
  });

  it("reports a syntax error with file, line and column, and runs nothing", () => {
    writeFileSync(join(dir, "broken.ts"), `console.log("ran");\nconst x: number = ;\n`);
    const result = run("broken.ts");
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/broken\.ts:2:19: Expression expected/);
  });
});
