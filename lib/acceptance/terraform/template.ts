/**
 * Terraform's string templates, as far as this project needs to take them
 * apart: literal text (with `$${` and `%%{` escapes), `${…}` interpolations
 * and `%{…}` directives. Terraform itself is the judge of whether a template
 * is valid; this only finds where the expressions are, to rename references.
 */

export type TemplatePart =
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "interpolation" | "directive"; readonly expression: string };

/** Index just past the `}` that closes the expression opened before `start`, skipping quoted strings and nested braces. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (char === "{") depth++;
    else if (char === "}") {
      if (depth === 0) return i + 1;
      depth--;
    }
  }
  return -1;
}

export function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    const two = text.slice(i, i + 2);
    const three = text.slice(i, i + 3);
    if (three === "$${" || three === "%%{") {
      literal += three.slice(1);
      i += 3;
    } else if (two === "${" || two === "%{") {
      const end = closingBrace(text, i + 2);
      if (end < 0) {
        // Unterminated: Terraform will say so; keep the rest as it is.
        literal += text.slice(i);
        break;
      }
      if (literal) parts.push({ kind: "literal", text: literal });
      literal = "";
      parts.push({ kind: two === "${" ? "interpolation" : "directive", expression: text.slice(i + 2, end - 1) });
      i = end;
    } else {
      literal += text[i];
      i++;
    }
  }
  if (literal) parts.push({ kind: "literal", text: literal });
  return parts;
}

/** `text` with `rename` applied to every expression and literal text kept exactly as written (escapes included). */
export function mapExpressions(text: string, rename: (expression: string) => string): string {
  if (!text.includes("{")) return text;
  return templateParts(text)
    .map((part) => {
      if (part.kind === "literal") return part.text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
      return `${part.kind === "interpolation" ? "$" : "%"}{${rename(part.expression)}}`;
    })
    .join("");
}
