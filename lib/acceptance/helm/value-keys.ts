/**
 * Every key a release sets must exist in its chart: Helm silently ignores a
 * key no template reads, so a misspelt or outdated key deploys as if unset.
 *
 * A key exists when the chart's values.yaml (or, for a subchart's key, the
 * subchart's values.yaml and the parent's section for it) has it, its
 * values.schema.json declares it, or its templates read it (a key documented
 * only as a comment in values.yaml; nothing below it is checked then). Below a key the check goes on only where
 * the chart states which keys belong there: a non-empty map default, or a
 * schema listing properties without admitting others. An empty map or null
 * default (labels, annotations, nodeSelector, storageSpec…) and a schema
 * admitting any key mark a free-form map, which the check leaves alone.
 * `global` is Helm's own key shared by every subchart.
 */
import { formatKeyPath } from "../problem";
import type { Chart, JsonSchema } from "./chart";

type ValuesMap = Readonly<Record<string, unknown>>;

const isMap = (value: unknown): value is ValuesMap => value !== null && typeof value === "object" && !Array.isArray(value);
const hasKey = (value: unknown, key: string): value is ValuesMap => isMap(value) && Object.prototype.hasOwnProperty.call(value, key);

/** A subschema together with the document its `$ref`s point into. */
interface SchemaAt {
  readonly root: JsonSchema;
  readonly node: JsonSchema;
}

/** Where the check stands: the defaults and schemas that apply at one key path. */
interface Scope {
  readonly defaults: readonly unknown[];
  readonly schemas: readonly SchemaAt[];
  /** At a chart's root: its subcharts, whose values sit under their key. */
  readonly subcharts?: ReadonlyMap<string, Chart>;
  /** The chart this scope belongs to, and the key path from its root. */
  readonly chart: Chart;
  readonly chartPath: readonly string[];
}

/** The keys of a JSON pointer: `/a/b~1c` → [a, b/c]. */
export function pointerKeys(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Follows a local `$ref` (`#/definitions/x`, `#/$defs/x`); other references are not followed. */
function dereference(at: SchemaAt, seen = 0): SchemaAt {
  if (typeof at.node !== "object" || typeof at.node.$ref !== "string" || !at.node.$ref.startsWith("#/") || seen > 32) return at;
  const target = pointerKeys(at.node.$ref.slice(1)).reduce<unknown>((node, key) => (isMap(node) ? node[key] : undefined), at.root);
  return target === undefined ? at : dereference({ root: at.root, node: target as JsonSchema }, seen + 1);
}

/** The schema and the branches of its allOf/anyOf/oneOf, dereferenced: a key declared in any of them exists. */
function branches(at: SchemaAt): SchemaAt[] {
  const resolved = dereference(at);
  if (typeof resolved.node !== "object") return [resolved];
  const node = resolved.node;
  const combined = ["allOf", "anyOf", "oneOf"].flatMap((keyword) => (Array.isArray(node[keyword]) ? (node[keyword] as JsonSchema[]) : []));
  return [resolved, ...combined.flatMap((sub) => branches({ root: at.root, node: sub }))];
}

function schemaChildren(at: SchemaAt, key: string): SchemaAt[] {
  return branches(at).flatMap(({ root, node }) => {
    if (typeof node !== "object") return [];
    const properties = isMap(node.properties) ? node.properties : {};
    const patterns = isMap(node.patternProperties) ? node.patternProperties : {};
    const matching = Object.entries(patterns).filter(([pattern]) => new RegExp(pattern, "u").test(key));
    return [...(hasKey(properties, key) ? [properties[key]] : []), ...matching.map(([, sub]) => sub)].map((sub) => ({ root, node: sub as JsonSchema }));
  });
}

/** A schema that lists its keys and admits no others. */
function closedSchema(at: SchemaAt): boolean {
  return branches(at).some(({ node }) => typeof node === "object" && isMap(node.properties) && !node.additionalProperties && !node.patternProperties);
}

function childScope(scope: Scope, key: string): Scope | undefined {
  const subchart = scope.subcharts?.get(key);
  const defaults = [...scope.defaults.filter((d) => hasKey(d, key)).map((d) => (d as ValuesMap)[key]), ...(subchart ? [subchart.values] : [])];
  const schemas = [...scope.schemas.flatMap((at) => schemaChildren(at, key)), ...(subchart?.schema === undefined ? [] : [{ root: subchart.schema, node: subchart.schema }])];
  const chartPath = [...scope.chartPath, key];
  if (defaults.length === 0 && schemas.length === 0 && !scope.chart.templateValues.has(chartPath.join("."))) return undefined;
  return subchart ? { defaults, schemas, subcharts: subchart.subcharts, chart: subchart, chartPath: [] } : { defaults, schemas, chart: scope.chart, chartPath };
}

/** Whether the chart says which keys belong at this scope (else it is a free-form map). */
function declaresKeys(scope: Scope): boolean {
  return scope.defaults.some((d) => isMap(d) && Object.keys(d).length > 0) || scope.schemas.some(closedSchema);
}


function unknownKeysIn(value: unknown, scope: Scope, path: readonly string[]): string[] {
  if (!isMap(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const keys = [...path, key];
    if (path.length === 0 && key === "global") return [];
    const inner = childScope(scope, key);
    if (!inner) return [formatKeyPath(keys)];
    return declaresKeys(inner) ? unknownKeysIn(child, inner, keys) : [];
  });
}

/** Key paths in `values` the chart does not have, e.g. `prometheus.prometheusSpec.retentionPeriod`. */
export function unknownValueKeys(values: unknown, chart: Chart): string[] {
  const schemas = chart.schema === undefined ? [] : [{ root: chart.schema, node: chart.schema }];
  return unknownKeysIn(values, { defaults: [chart.values], schemas, subcharts: chart.subcharts, chart, chartPath: [] }, []);
}
