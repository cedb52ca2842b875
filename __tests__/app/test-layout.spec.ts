/**
 * The layout of the tests (__tests__/helpers/specs.ts): every spec runs in its folder's suite, so
 * a spec without a suite would never run, and a stray test file would load the whole module graph
 * once more for itself.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { SPEC_SUFFIX, SUITE_FILE } from "../helpers/specs";

const TESTS = join(__dirname, "..");
/** Run on its own by the GitHub validate workflow: it needs the provider registry. */
const STANDALONE = ["provider-validation/valid-terraform.test.ts"];

function folders(dir: string): string[] {
  return [dir, ...readdirSync(dir).flatMap((entry) => (statSync(join(dir, entry)).isDirectory() ? folders(join(dir, entry)) : []))];
}

const layout = folders(TESTS).map((dir) => ({ dir: relative(TESTS, dir) || ".", files: readdirSync(dir) }));

/** Folder → the suites that run its specs: its own `runSpecs(__dirname…)`, or a sibling's that names it. */
function suitesRunning(): Map<string, string[]> {
  const running = new Map<string, string[]>();
  for (const { dir } of layout.filter(({ files }) => files.includes(SUITE_FILE))) {
    const call = /^runSpecs\(__dirname((?:, "[^"]+")*)\);$/m.exec(readFileSync(join(TESTS, dir, SUITE_FILE), "utf8"));
    const siblings = [...(call?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => join(dir, m[1]!));
    for (const folder of call ? [dir, ...siblings] : []) running.set(folder, [...(running.get(folder) ?? []), join(dir, SUITE_FILE)]);
  }
  return running;
}

it("runs every folder's specs in exactly one suite", () => {
  const running = suitesRunning();
  const withSpecs = layout.filter(({ files }) => files.some((file) => file.endsWith(SPEC_SUFFIX)));
  expect(withSpecs.length).toBeGreaterThan(10);
  for (const { dir } of withSpecs) expect({ dir, suites: running.get(dir)?.length ?? 0 }).toEqual({ dir, suites: 1 });
});

it("has no other test file than the suites and the standalone provider validation", () => {
  const strays = layout.flatMap(({ dir, files }) => files.filter((file) => file.endsWith(".test.ts") && file !== SUITE_FILE).map((file) => join(dir, file)));
  expect(strays).toEqual(STANDALONE);
});
