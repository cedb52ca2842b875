/**
 * Reads a Terraform template string (any string in a `.tf.json` file) back
 * into the text Terraform will produce, as far as it is known before apply:
 * the inverse of `terraformText` (lib/core/terraform-text.ts).
 *
 * - `$${` and `%%{` are Terraform's escapes for literal `${` and `%{`.
 * - `${ expression }` is a real interpolation (a resource attribute, a remote
 *   state output) whose value only exists at apply time; it becomes a
 *   placeholder, `tf-ref-<n>`, the same for the same expression.
 * - `%{ directive }` (if/for) cannot be evaluated without Terraform; refused.
 *
 * The placeholder is a DNS-1123 label, so it is still a valid Kubernetes
 * name, label value and hostname where a reference feeds one. A reference in
 * a field with another format (an email, a URL, a number) fails that field's
 * validation, and the message shows `tf-ref-…`, which points back here.
 */

export interface DecodedTemplate {
  /** The template's text with escapes undone and each interpolation replaced by its placeholder. */
  readonly text: string;
  /** The interpolated expressions, in order of first use: `references[n - 1]` became `tf-ref-<n>`. */
  readonly references: readonly string[];
}

export const placeholder = (n: number): string => `tf-ref-${n}`;

/** Index just past the closing quote of the HCL string starting at `start` (its opening quote). */
function skipString(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at++) {
    const char = text[at];
    if (char === "\\") at++;
    else if (char === '"') return at + 1;
    else if (text.startsWith("${", at)) at = closingBrace(text, at + 2);
  }
  throw new Error(`unterminated string at ${start}: ${text.slice(start, start + 40)}`);
}

/** Index of the `}` closing the expression that starts at `start`: braces nest, quoted strings are skipped. */
function closingBrace(text: string, start: number): number {
  let depth = 1;
  for (let at = start; at < text.length; at++) {
    const char = text[at];
    if (char === '"') at = skipString(text, at) - 1;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return at;
  }
  throw new Error(`unterminated interpolation at ${start - 2}: ${text.slice(start - 2, start + 40)}`);
}

/** Decodes one Terraform template string; throws on a template directive or an unterminated interpolation. */
export function decodeTemplate(template: string): DecodedTemplate {
  const references: string[] = [];
  let text = "";
  for (let at = 0; at < template.length; ) {
    if (template.startsWith("$${", at) || template.startsWith("%%{", at)) {
      text += template.slice(at + 1, at + 3);
      at += 3;
    } else if (template.startsWith("${", at)) {
      const end = closingBrace(template, at + 2);
      const expression = template.slice(at + 2, end).trim();
      if (!references.includes(expression)) references.push(expression);
      text += placeholder(references.indexOf(expression) + 1);
      at = end + 1;
    } else if (template.startsWith("%{", at)) {
      throw new Error(`template directive at ${at} (${template.slice(at, at + 40)}): only Terraform can evaluate it`);
    } else {
      text += template[at];
      at++;
    }
  }
  return { text, references };
}
