"use strict";
/**
 * Runs the project's TypeScript on plain Node (`node --require ./scripts/ts-hook.cjs main.ts`),
 * the synth path of `cdktf.json` and `npm run synth`.
 *
 * Why not tsx: its ESM hooks run in a worker thread that every `require` waits
 * on, and it turns on Node's source maps, which makes every stack trace cdktf
 * captures (one per token, thousands per synth) parse and map the inline source
 * maps of cdktf and the providers. Together that was 40 % of a synth.
 *
 * How: each `.ts` file is transpiled on its own (tsconfig `isolatedModules`, as
 * tsx and ts-jest do; `tsc -b` (tsconfig: noEmit) in `npm test` checks types) with the
 * project's TypeScript and tsconfig.json. The output is cached in
 * node_modules/.cache/coinstacks-ts, one entry per source file, stamped with a
 * hash of the source text, the TypeScript version, tsconfig.json and this file:
 * an entry is used only when the stamp matches what is on disk now, so an edit,
 * a checkout or an upgrade can never run stale code. Modules keep their real
 * paths, so `__dirname` (config/, coinstacks/ scripts, chart directories) is
 * the same as under tsx or ts-jest.
 *
 * Stack traces show the compiled line numbers; for TypeScript lines run with
 * NODE_OPTIONS=--enable-source-maps (the cached output carries inline maps).
 */
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const TSCONFIG = path.join(ROOT, "tsconfig.json");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "coinstacks-ts");

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

/** What, besides a file's own text, decides its output. */
const salt = sha256(
  [
    fs.readFileSync(__filename, "utf8"),
    fs.readFileSync(TSCONFIG, "utf8"),
    JSON.parse(fs.readFileSync(require.resolve("typescript/package.json", { paths: [ROOT] }), "utf8")).version,
  ].join("\0"),
);

let compiler; // TypeScript and the options, loaded on the first cache miss only (≈0.4 s)

function loadCompiler() {
  const ts = require(require.resolve("typescript", { paths: [ROOT] }));
  const { config, error } = ts.readConfigFile(TSCONFIG, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  return {
    ts,
    options: { ...options, module: ts.ModuleKind.CommonJS, noEmit: false, declaration: false, sourceMap: false, inlineSourceMap: true },
  };
}

function transpile(filename, source) {
  compiler ??= loadCompiler();
  const { ts, options } = compiler;
  const output = ts.transpileModule(source, { compilerOptions: options, fileName: filename, reportDiagnostics: true });
  const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const lines = errors.map((d) => {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${path.relative(process.cwd(), filename)}:${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    throw new SyntaxError(lines.join("\n"));
  }
  return output.outputText;
}

/** The compiled module, from the cache when its stamp matches the source. */
function compiled(filename, source) {
  const stamp = `//${sha256(`${salt}\0${source}`)}\n`;
  const entry = path.join(CACHE_DIR, `${sha256(filename).slice(0, 32)}.js`);
  try {
    const cached = fs.readFileSync(entry, "utf8");
    if (cached.startsWith(stamp)) return cached.slice(stamp.length);
  } catch {
    // no entry yet
  }
  const code = transpile(filename, source);
  try {
    // Write then rename: a synth running in parallel never reads half an entry.
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const temporary = `${entry}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, stamp + code);
    fs.renameSync(temporary, entry);
  } catch {
    // A read-only node_modules only costs the transpile next time.
  }
  return code;
}

Module._extensions[".ts"] = function loadTypeScript(module, filename) {
  module._compile(compiled(filename, fs.readFileSync(filename, "utf8")), filename);
};
