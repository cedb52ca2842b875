/**
 * Jest gives every test file its own module registry, and nearly every spec here loads the same
 * large module graph (cdktf, the provider bindings, the app): about half a second of CPU per file,
 * a third of `npm test` when each spec was its own file. So the specs of one folder run as one test
 * file: `<folder>/suite.test.ts` calls `runSpecs(__dirname)`, which runs every `*.spec.ts` of the
 * folder in a describe block named for the spec. One spec alone: `npx jest __tests__/<folder> -t '^<spec> '`.
 * A few small folders run in a sibling's suite instead (`runSpecs(__dirname, "../platform")`).
 */
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";

export const SPEC_SUFFIX = ".spec.ts";
export const SUITE_FILE = "suite.test.ts";

/** The spec files of a folder, in name order. */
export function specsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(SPEC_SUFFIX))
    .sort();
}

const suiteCleanups: (() => void | Promise<void>)[] = [];

/**
 * Runs `cleanup` once the whole suite has run. For helpers shared by several specs: a hook a
 * helper registers when it is first loaded would belong to the describe block of the first spec
 * that imports it.
 */
export function afterSuite(cleanup: () => void | Promise<void>): void {
  suiteCleanups.push(cleanup);
}

/**
 * Registers every spec of `dir` (a suite's `__dirname`), each in a describe block named for it, and
 * those of `siblings` (folders relative to `dir`), named `<folder>/<spec>`. A small folder runs in a
 * sibling's suite to spare jest one more load of the module graph.
 */
export function runSpecs(dir: string, ...siblings: string[]): void {
  afterAll(async () => {
    for (const cleanup of suiteCleanups.splice(0)) await cleanup();
  });
  for (const [folder, prefix] of [[dir, ""], ...siblings.map((sibling) => [join(dir, sibling), `${basename(sibling)}/`])] as const) {
    for (const file of specsIn(folder)) {
      describe(`${prefix}${file.slice(0, -SPEC_SUFFIX.length)}`, () => {
        require(join(folder, file));
      });
    }
  }
}
