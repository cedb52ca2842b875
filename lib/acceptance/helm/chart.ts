/**
 * What the checks need to know about a chart: its default values, its values
 * schema and its subcharts, read from a chart directory (the project's own
 * chart, a cdktf asset) or a packaged `.tgz` (an upstream chart as `helm pull`
 * gives it). Helm packages subcharts as directories under `charts/`.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { readTarGz } from "./tar";

/** A JSON Schema document or subschema (values.schema.json), as far as the key check reads it. */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

export interface Chart {
  readonly name: string;
  readonly version: string;
  /** values.yaml, parsed. */
  readonly values: unknown;
  readonly schema?: JsonSchema;
  /** Subcharts by the key their values sit under in the parent (alias, else name). */
  readonly subcharts: ReadonlyMap<string, Chart>;
  /**
   * Every value path the chart's own templates read (`.Values.a.b` → `a.b`, and `a`): charts
   * document some keys only as comments in values.yaml (`# priorityClassName: ""`).
   */
  readonly templateValues: ReadonlySet<string>;
  /** sha256 of the chart's bytes: it changes whenever anything helm would read changes. */
  readonly fingerprint: string;
}

interface ChartMetadata {
  name: string;
  version: string;
  dependencies?: { name: string; alias?: string }[];
}

/** Charts already read, by fingerprint: the same bytes always give the same chart. */
const loaded = new Map<string, Chart>();

function memoized(fingerprint: string, load: () => Chart): Chart {
  if (!loaded.has(fingerprint)) loaded.set(fingerprint, load());
  return loaded.get(fingerprint)!;
}

const text = (files: ReadonlyMap<string, Buffer>, path: string): string | undefined => files.get(path)?.toString("utf8");

/** Files under `charts/<dir>/`, by subchart directory, with the prefix removed. */
function subchartFiles(files: ReadonlyMap<string, Buffer>): Map<string, Map<string, Buffer>> {
  const byDir = new Map<string, Map<string, Buffer>>();
  for (const [path, data] of files) {
    const match = /^charts\/([^/]+)\/(.+)$/.exec(path);
    if (!match) continue;
    const dir = match[1]!;
    if (!byDir.has(dir)) byDir.set(dir, new Map());
    byDir.get(dir)!.set(match[2]!, data);
  }
  return byDir;
}

function chartFromFiles(files: ReadonlyMap<string, Buffer>, fingerprint: string, where: string): Chart {
  const source = text(files, "Chart.yaml");
  if (source === undefined) throw new Error(`${where}: no Chart.yaml`);
  const metadata = parse(source) as ChartMetadata;
  const subcharts = new Map<string, Chart>();
  for (const [dir, subFiles] of subchartFiles(files)) {
    const subchart = chartFromFiles(subFiles, fingerprint, `${where}/charts/${dir}`);
    const dependency = metadata.dependencies?.find((d) => d.name === subchart.name);
    subcharts.set(dependency?.alias ?? subchart.name, subchart);
  }
  const schema = text(files, "values.schema.json");
  const templates = [...files].filter(([path]) => path.startsWith("templates/")).map(([, data]) => data.toString("utf8"));
  return {
    name: metadata.name,
    version: String(metadata.version),
    values: parse(text(files, "values.yaml") ?? "{}") ?? {},
    schema: schema === undefined ? undefined : (JSON.parse(schema) as JsonSchema),
    subcharts,
    templateValues: valuePaths(templates),
    fingerprint,
  };
}

/** `a.b.c` and its prefixes for every `.Values.a.b.c` in the templates. */
function valuePaths(templates: readonly string[]): Set<string> {
  const paths = new Set<string>();
  for (const template of templates) {
    for (const [, path] of template.matchAll(/\.Values((?:\.[A-Za-z_]\w*)+)/g)) {
      const keys = path!.slice(1).split(".");
      keys.forEach((_, index) => paths.add(keys.slice(0, index + 1).join(".")));
    }
  }
  return paths;
}

/** A packaged chart: every file sits under one top-level directory, the chart's name. */
export function loadChartArchive(path: string): Chart {
  const archive = readFileSync(path);
  const fingerprint = createHash("sha256").update(archive).digest("hex");
  return memoized(fingerprint, () => {
    const files = new Map<string, Buffer>();
    for (const [name, data] of readTarGz(archive)) files.set(name.slice(name.indexOf("/") + 1), data);
    return chartFromFiles(files, fingerprint, path);
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

export function loadChartDirectory(dir: string): Chart {
  const files = new Map(walk(dir).map((path) => [relative(dir, path), readFileSync(path)] as const));
  const hash = createHash("sha256");
  for (const path of [...files.keys()].sort()) hash.update(`${path}\0`).update(files.get(path)!).update("\0");
  const fingerprint = hash.digest("hex");
  return memoized(fingerprint, () => chartFromFiles(files, fingerprint, dir));
}
