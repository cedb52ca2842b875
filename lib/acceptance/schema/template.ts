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

export interface TemplateScan {
  /** Text of each top-level `${…}` and `%{…}`, in order. */
  readonly expressions: readonly string[];
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
  const expressions: string[] = [];
  try {
    template(cursor, undefined, expressions);
  } catch (error) {
    if (!(error instanceof Unterminated)) throw error;
    return { expressions, references: [], error: error.message };
  }
  return { expressions, references: cursor.references.filter((ref) => !cursor.bound.has(ref.root)) };
}

/**
 * Template text up to `end` (`"` inside an expression's quoted string, where
 * backslash escapes apply) or the end of the text (a whole JSON string, where
 * they do not). Collects top-level expression texts into `expressions`.
 */
function template(cursor: Cursor, end: '"' | undefined, expressions?: string[]): void {
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
      expressions?.push(text.slice(start, cursor.pos));
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
