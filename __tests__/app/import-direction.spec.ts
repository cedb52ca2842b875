/**
 * Imports run one way (README, Layout): config → core → aws / platform / coinstack → the coin
 * catalog (coinstacks/) → policy → stacks → app → the tools around it (acceptance, ci, bench) →
 * scripts. A module may import its own layer or one below; the catalog plugs into the construct,
 * never the reverse: the config loader is handed the catalog's coin names, it does not import them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** Layer rank by the first folder under the repository (and under lib/); same rank may import each other. */
const RANK: Readonly<Record<string, number>> = {
  config: 0,
  core: 1,
  aws: 2,
  platform: 2,
  coinstack: 2,
  coinstacks: 3,
  policy: 4,
  stacks: 5,
  app: 6,
  acceptance: 7,
  ci: 7,
  bench: 7,
  scripts: 8,
};

function layerOf(file: string): string {
  const parts = relative(ROOT, file).split(sep);
  if (parts[0] === "main.ts" || parts[0] === "main") return "app";
  if (parts[0] !== "lib") return parts[0]!;
  return parts[1] === "app.ts" || parts[1] === "app" ? "app" : parts[1]!;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === "node_modules" ? [] : sources(path);
    return entry.endsWith(".ts") ? [path] : [];
  });
}

/** Every relative import of the project's own code, as `<importer> -> <imported>` (repository paths, no extension). */
function projectImports(): string[] {
  const files = [join(ROOT, "main.ts"), ...["lib", "stacks", "coinstacks", "scripts"].flatMap((dir) => sources(join(ROOT, dir)))];
  const name = (path: string) => relative(ROOT, path).split(sep).join("/").replace(/\.ts$/, "").replace(/\/index$/, "");
  return files.flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/(?:\bfrom|\bimport\(?|\brequire\()\s*"(\.{1,2}\/[^"]+)"/g)].map((match) => `${name(file)} -> ${name(resolve(dirname(file), match[1]!))}`),
  );
}

function backImports(): string[] {
  return [
    ...new Set(
      projectImports().filter((edge) => {
        const [from, to] = edge.split(" -> ").map((path) => layerOf(join(ROOT, path!)));
        return RANK[from!] !== undefined && RANK[to!] !== undefined && RANK[to!]! > RANK[from!]!;
      }),
    ),
  ].sort();
}

it("ranks every folder of the project's code", () => {
  const layers = new Set(projectImports().flatMap((edge) => edge.split(" -> ").map((path) => layerOf(join(ROOT, path)))));
  expect([...layers].filter((layer) => RANK[layer] === undefined)).toEqual([]);
});

it("has no import against the direction of the layers", () => {
  expect(backImports()).toEqual([]);
});
