/**
 * Literal text in Terraform JSON.
 *
 * Terraform reads every string of a `.tf.json` file as a template: `${…}` is an
 * interpolation and `%{…}` a directive, so a shell script's `${RPC_PORT:?}` or
 * curl's `%{http_code}` would be parsed as Terraform syntax (and refused, or
 * worse, accepted as something else). cdktf passes such text through verbatim;
 * only its own tokens (references to resources, functions) are meant as
 * expressions. Every construct that puts text it did not build from tokens
 * into a resource (scripts, config files, env values, annotations, chart
 * values, policy documents, anything an operator typed in config) passes it
 * through `terraformText`, so Terraform hands the exact characters on.
 */
import { Token, Tokenization } from "cdktf";

/** `${` → `$${` and `%{` → `%%{`: Terraform's own escapes, which read back as the original text. */
function escapeLiteral(text: string): string {
  // Function replacers: in a replacement string "$$" would itself mean one "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/**
 * `text` with its literal parts escaped for Terraform and its cdktf tokens
 * (references, function calls) left as expressions.
 */
export function terraformText(text: string): string {
  if (!Token.isUnresolved(text)) return escapeLiteral(text);
  // Each token's string form, in order; the text between them is literal.
  let out = "";
  let rest = text;
  for (const token of Tokenization.reverseString(text).tokens) {
    const encoded = Token.asString(token);
    const at = rest.indexOf(encoded);
    if (at < 0) continue;
    out += escapeLiteral(rest.slice(0, at)) + encoded;
    rest = rest.slice(at + encoded.length);
  }
  return out + escapeLiteral(rest);
}

/**
 * Every string in a plain value (objects and arrays, walked deeply; keys too)
 * made literal with `terraformText`. Class instances (resources, tokens) are
 * left alone.
 */
export function terraformTextDeep<T>(value: T): T {
  if (typeof value === "string") return terraformText(value) as T;
  if (Array.isArray(value)) return value.map((item) => terraformTextDeep(item)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [terraformText(key), terraformTextDeep(item)])) as T;
  }
  return value;
}

/** JSON text of `value` (a policy document, chart values, add-on configuration) as Terraform must receive it: literal, with tokens kept. */
export function terraformJson(value: unknown): string {
  return terraformText(JSON.stringify(value));
}
