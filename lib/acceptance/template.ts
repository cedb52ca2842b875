/**
 * Reading Terraform templates the way Terraform does: every string of a
 * `.tf.json` file is a template where `${…}` interpolates an expression and
 * `%{…}` is a directive, while `$${` and `%%{` are the escaped literals. The
 * scanner finds the expressions and the references in them (`aws_vpc.x.id`,
 * `data.t.n.outputs["k"]`, `var.v`), following nested braces, calls and
 * quoted strings, which may hold templates of their own.
 *
 * It is a scanner, not a parser: it only needs references, so anything else
 * an expression holds (operators, literals, function names) is stepped over.
 */

/** One step after a traversal's root: `.name`, or `[key]` with the key as written (`*` for a splat). */
export type Step = { readonly attr: string } | { readonly index: string };

/** A reference as written: `aws_vpc.main[0].id` → root `aws_vpc`, steps `.main`, `[0]`, `.id`. */
export interface Traversal {
  readonly root: string;
  readonly steps: readonly Step[];
}

/** Where a top-level `${…}` (kind `$`) or `%{…}` (kind `%`) is: `start` to `end` is the text between the braces. */
export interface ExpressionSpan {
  readonly kind: "$" | "%";
  readonly start: number;
  readonly end: number;
}

export interface TemplateScan {
  /** Text of each top-level `${…}` and `%{…}`, in order. */
  readonly expressions: readonly string[];
  /** Where each of them is. */
  readonly spans: readonly ExpressionSpan[];
  /** Every reference with at least one step, outside names bound by `for` expressions. */
  readonly references: readonly Traversal[];
  /** Why the template is malformed (an unterminated `${`), if it is. */
  readonly error?: string;
}

/** Terraform's name characters: identifiers may contain dashes (`aws_x.cert-manager_role`). */
const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z0-9_-]/;
const CLOSER: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

class Unterminated extends Error {}

interface Cursor {
  readonly text: string;
  pos: number;
  readonly references: Traversal[];
  /** Names bound by `for x in …` / `for k, v in …` anywhere in the template. */
  readonly bound: Set<string>;
}

/** The expressions and references of one template string. */
export function scanTemplate(text: string): TemplateScan {
  const cursor: Cursor = { text, pos: 0, references: [], bound: new Set() };
  const spans: ExpressionSpan[] = [];
  const expressions = () => spans.map((span) => text.slice(span.start, span.end));
  try {
    template(cursor, undefined, spans);
  } catch (error) {
    if (!(error instanceof Unterminated)) throw error;
    return { expressions: expressions(), spans, references: [], error: error.message };
  }
  return { expressions: expressions(), spans, references: cursor.references.filter((ref) => !cursor.bound.has(ref.root)) };
}

/**
 * Template text up to `end` (`"` inside an expression's quoted string, where
 * backslash escapes apply) or the end of the text (a whole JSON string, where
 * they do not). Collects where the top-level expressions are into `spans`.
 */
function template(cursor: Cursor, end: '"' | undefined, spans?: ExpressionSpan[]): void {
  const { text } = cursor;
  while (cursor.pos < text.length) {
    const char = text[cursor.pos]!;
    const next = text[cursor.pos + 1];
    if (char === end) return;
    if (end && char === "\\") cursor.pos += 2;
    else if ((char === "$" || char === "%") && next === char && text[cursor.pos + 2] === "{") cursor.pos += 3;
    else if ((char === "$" || char === "%") && next === "{") {
      const start = (cursor.pos += 2);
      expression(cursor, "}");
      spans?.push({ kind: char, start, end: cursor.pos });
      cursor.pos += 1;
    } else cursor.pos += 1;
  }
  if (end) throw new Unterminated(`unterminated string in ${quote(text)}`);
}

/** An expression up to its unbalanced `close`, left at the closing character. */
function expression(cursor: Cursor, close: "}" | "]"): void {
  const { text } = cursor;
  const open: string[] = [];
  while (cursor.pos < text.length) {
    const char = text[cursor.pos]!;
    if (open.length === 0 && char === close) return;
    if (char === '"') {
      cursor.pos += 1;
      template(cursor, '"');
      cursor.pos += 1;
    } else if (IDENT_START.test(char) && !IDENT.test(text[cursor.pos - 1] ?? " ")) {
      name(cursor);
    } else {
      if (CLOSER[char]) open.push(CLOSER[char]!);
      else if (char === open[open.length - 1]) open.pop();
      cursor.pos += 1;
    }
  }
  throw new Unterminated(`unterminated ${close === "}" ? "interpolation" : "index"} in ${quote(text)}`);
}

/**
 * A name in an expression: the root of a reference (kept), an attribute after
 * a call or index such as `f(x).name` (stepped over), or `for` with the names
 * it binds.
 */
function name(cursor: Cursor): void {
  const afterDot = cursor.text[cursor.pos - 1] === ".";
  const root = identifier(cursor);
  if (root === "for" && !afterDot) return forBinding(cursor);
  const steps = traversalSteps(cursor);
  if (!afterDot && steps.length > 0) cursor.references.push({ root, steps });
}

function identifier(cursor: Cursor): string {
  const start = cursor.pos;
  while (cursor.pos < cursor.text.length && IDENT.test(cursor.text[cursor.pos]!)) cursor.pos += 1;
  return cursor.text.slice(start, cursor.pos);
}

/** `.name`, `.0` (legacy index), `.*` and `[key]` steps; keys are scanned for references of their own. */
function traversalSteps(cursor: Cursor): Step[] {
  const { text } = cursor;
  const steps: Step[] = [];
  for (;;) {
    const char = text[cursor.pos];
    const next = text[cursor.pos + 1] ?? "";
    if (char === "." && IDENT_START.test(next)) {
      cursor.pos += 1;
      steps.push({ attr: identifier(cursor) });
    } else if (char === "." && (next === "*" || /[0-9]/.test(next))) {
      cursor.pos += 1;
      const start = cursor.pos;
      while (/[0-9*]/.test(text[cursor.pos] ?? "")) cursor.pos += 1;
      steps.push({ index: text.slice(start, cursor.pos) });
    } else if (char === "[") {
      const start = (cursor.pos += 1);
      expression(cursor, "]");
      steps.push({ index: text.slice(start, cursor.pos).trim() });
      cursor.pos += 1;
    } else return steps;
  }
}

/** `for x in` / `for k, v in`: the bound names are not references. */
function forBinding(cursor: Cursor): void {
  const match = /^\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\b/.exec(cursor.text.slice(cursor.pos));
  if (!match) return;
  cursor.bound.add(match[1]!);
  if (match[2]) cursor.bound.add(match[2]);
  cursor.pos += match[0].length;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/**
 * A whole string read as one static reference (`aws_vpc.main`,
 * `spec[0].template`, `data.x.y`), as Terraform reads `depends_on`,
 * `ignore_changes` and `replace_triggered_by` entries; undefined when the
 * string is anything else (`${…}`, a call, trailing text).
 */
export function parseTraversal(text: string): Traversal | undefined {
  if (!IDENT_START.test(text[0] ?? "")) return undefined;
  const cursor: Cursor = { text, pos: 0, references: [], bound: new Set() };
  try {
    const root = identifier(cursor);
    const steps = traversalSteps(cursor);
    return cursor.pos === text.length ? { root, steps } : undefined;
  } catch (error) {
    if (error instanceof Unterminated) return undefined;
    throw error;
  }
}

/** A traversal written back as Terraform text: `spec[0].template`. */
export function formatTraversal(traversal: Traversal): string {
  return traversal.root + traversal.steps.map((step) => ("attr" in step ? `.${step.attr}` : `[${step.index}]`)).join("");
}

export type TemplatePart =
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "interpolation" | "directive"; readonly expression: string };

/** `$${` → `${` and `%%{` → `%{`: the text Terraform makes of a literal stretch. */
function unescapeLiteral(raw: string): string {
  return raw.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}

/** A template as literal text (escapes undone) and expressions, in order; throws on a malformed template. */
export function templateParts(text: string): TemplatePart[] {
  const scan = scanTemplate(text);
  if (scan.error) throw new Error(scan.error);
  const parts: TemplatePart[] = [];
  let at = 0;
  for (const span of scan.spans) {
    // The opener is the two characters before the span, the closing brace the one after.
    if (span.start - 2 > at) parts.push({ kind: "literal", text: unescapeLiteral(text.slice(at, span.start - 2)) });
    parts.push({ kind: span.kind === "$" ? "interpolation" : "directive", expression: text.slice(span.start, span.end) });
    at = span.end + 1;
  }
  if (at < text.length) parts.push({ kind: "literal", text: unescapeLiteral(text.slice(at)) });
  return parts;
}

/**
 * `text` with `rename` applied to every expression and its literal text kept
 * as it was; a malformed template is returned unchanged, for Terraform to refuse.
 */
export function mapExpressions(text: string, rename: (expression: string) => string): string {
  if (!text.includes("{")) return text;
  const scan = scanTemplate(text);
  if (scan.error || scan.spans.length === 0) return text;
  let out = "";
  let at = 0;
  for (const span of scan.spans) {
    out += text.slice(at, span.start) + rename(text.slice(span.start, span.end));
    at = span.end;
  }
  return out + text.slice(at);
}

export interface DecodedTemplate {
  /** The template's text with escapes undone and each interpolation replaced by its placeholder. */
  readonly text: string;
  /** The interpolated expressions, in order of first use: `references[n - 1]` became `tf-ref-<n>`. */
  readonly references: readonly string[];
}

export const placeholder = (n: number): string => `tf-ref-${n}`;

/**
 * The text Terraform will produce from a template, as far as it is known
 * before apply (the inverse of `terraformText`): each interpolation, whose
 * value exists only at apply time, becomes `tf-ref-<n>` (the same for the same
 * expression). The placeholder is a DNS-1123 label, so it is still a valid
 * Kubernetes name, label value and hostname where a reference feeds one.
 * Throws on a directive (`%{ if … }`), which only Terraform can evaluate.
 */
export function decodeTemplate(template: string): DecodedTemplate {
  const references: string[] = [];
  const text = templateParts(template)
    .map((part) => {
      if (part.kind === "literal") return part.text;
      if (part.kind === "directive") throw new Error(`template directive %{${part.expression}}: only Terraform can evaluate it`);
      const expression = part.expression.trim();
      if (!references.includes(expression)) references.push(expression);
      return placeholder(references.indexOf(expression) + 1);
    })
    .join("");
  return { text, references };
}
