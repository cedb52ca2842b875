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

it("gives every folder with specs a suite that runs them all", () => {
  const withSpecs = layout.filter(({ files }) => files.some((file) => file.endsWith(SPEC_SUFFIX)));
  expect(withSpecs.length).toBeGreaterThan(10);
  for (const { dir, files } of withSpecs) {
    expect({ dir, suite: files.includes(SUITE_FILE) }).toEqual({ dir, suite: true });
    expect(readFileSync(join(TESTS, dir, SUITE_FILE), "utf8")).toMatch(/^runSpecs\(__dirname\);$/m);
  }
});

it("has no other test file than the suites and the standalone provider validation", () => {
  const strays = layout.flatMap(({ dir, files }) => files.filter((file) => file.endsWith(".test.ts") && file !== SUITE_FILE).map((file) => join(dir, file)));
  expect(strays).toEqual(STANDALONE);
});
