/**
 * The Kubernetes objects `helm template` printed: parsed, validated against
 * the upstream models, and read for the API versions the CRDs among them
 * add to a cluster.
 */
import { parse, parseAllDocuments } from "yaml";
import { alertmanagerConfigProblems } from "../alertmanager";
import { modelProblems, upstreamModel } from "../../policy/schemas";

export interface RenderedObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown };
  readonly spec?: any;
}

export interface ParsedDocument {
  readonly object: unknown;
  readonly errors: string[];
}

function parseDocument(text: string): ParsedDocument {
  const documents = parseAllDocuments(text);
  return { object: documents[0]?.toJS() ?? null, errors: documents.flatMap((d) => d.errors.map((e) => e.message)) };
}

/**
 * The objects of helm's multi-document YAML output (empty documents dropped)
 * and its syntax errors. Documents are parsed one at a time, through `memo`:
 * the CRDs, most of the bytes, are the same text in every environment's render.
 * A line `---` at the start always ends a document in YAML, so splitting there
 * reads the stream as a YAML parser would.
 */
export function parseManifests(text: string, memo: Map<string, ParsedDocument> = new Map()): { objects: RenderedObject[]; errors: string[] } {
  const parsed = text.split(/^---[ \t]*$/m).map((document) => {
    if (!memo.has(document)) memo.set(document, parseDocument(document));
    return memo.get(document)!;
  });
  return {
    objects: parsed.map((p) => p.object).filter((o): o is RenderedObject => o !== null && typeof o === "object"),
    errors: parsed.flatMap((p) => p.errors),
  };
}

/** `ClusterIssuer/letsencrypt-staging`: how a problem names the object. */
export function objectName(object: RenderedObject): string {
  return `${String(object.kind)}/${String(object.metadata?.name)}`;
}

export interface Validation {
  /** Problems by object name. */
  readonly problems: { readonly object: string; readonly message: string }[];
  readonly validated: number;
  /** `apiVersion/kind` of objects no model package knows (counted, not failed). */
  readonly unmodelled: string[];
}

/** Validations by rendered object list: a render shared by several releases is validated once. */
const validations = new WeakMap<readonly RenderedObject[], Validation>();

export function validateObjects(objects: readonly RenderedObject[]): Validation {
  if (!validations.has(objects)) validations.set(objects, validate(objects));
  return validations.get(objects)!;
}

function validate(objects: readonly RenderedObject[]): Validation {
  const problems: { object: string; message: string }[] = [];
  const unmodelled: string[] = [];
  let validated = 0;
  for (const object of objects) {
    problems.push(...alertmanagerSecretProblems(object).map((message) => ({ object: objectName(object), message })));
    const Model = upstreamModel(String(object.apiVersion), String(object.kind));
    if (!Model) {
      unmodelled.push(`${String(object.apiVersion)}/${String(object.kind)}`);
      continue;
    }
    validated++;
    problems.push(...modelProblems(Model, object).map((message) => ({ object: objectName(object), message })));
  }
  return { problems, validated, unmodelled };
}

/** The Alertmanager configuration a chart renders into a Secret (`alertmanager.yaml`), judged as Alertmanager reads it. */
function alertmanagerSecretProblems(object: RenderedObject): string[] {
  const encoded = object.kind === "Secret" ? (object as { data?: Record<string, unknown> }).data?.["alertmanager.yaml"] : undefined;
  if (typeof encoded !== "string") return [];
  const config: unknown = parse(Buffer.from(encoded, "base64").toString("utf8"));
  if (config === null || typeof config !== "object") return ["alertmanager.yaml: not a YAML mapping"];
  return alertmanagerConfigProblems(config as Record<string, unknown>).map((problem) => `alertmanager.yaml: ${problem}`);
}

/** `group/version` of every version the CRDs among `objects` serve. */
export function crdApiVersions(objects: readonly RenderedObject[]): string[] {
  return objects
    .filter((o) => o.apiVersion === "apiextensions.k8s.io/v1" && o.kind === "CustomResourceDefinition")
    .flatMap((crd) => ((crd.spec?.versions ?? []) as { name: string; served?: boolean }[]).filter((v) => v.served !== false).map((v) => `${String(crd.spec?.group)}/${v.name}`));
}
