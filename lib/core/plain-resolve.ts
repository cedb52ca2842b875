/**
 * cdktf's `resolve`, walking token-free data itself.
 *
 * cdktf's resolver allocates two contexts and their closures for every key of
 * every object and tests two regular expressions on every string, although
 * nearly all of a stack is plain data. This walks plain objects, arrays,
 * booleans and strings that cannot hold a token, and hands anything else to
 * cdktf's resolver with the same path and options, at the point where cdktf's
 * own walk would meet it:
 *  - a string with a token marker (`${TfToken[`, `#{TfToken[`, `&{TfToken[`),
 *    with text an encoded number could hide in, or equal to a map-token value;
 *  - a number of a magnitude cdktf encodes tokens in, or its map-token value;
 *  - an array holding such a number or such a string (a list token is decided
 *    on the whole array);
 *  - an object with such a key, or that is not a plain object (class
 *    instances, dates), or that cdktf takes for a token (a `resolve` method)
 *    or refuses as a construct;
 *  - anything else (functions: cdktf's error), and anything nested deeper than
 *    cdktf allows (its circular-reference error).
 * Above those points cdktf's contexts carry nothing but the path, so the
 * result, errors included, is cdktf's (__tests__/core/plain-resolve.spec.ts).
 */
import { Token, type ITokenResolver } from "cdktf";
// The resolver behind cdktf's Tokenization.resolve, which is public but drops the path its errors name.
import { resolve as cdktfResolve } from "cdktf/lib/tokens/private/resolve";
import type { IConstruct } from "constructs";

export interface PlainResolveOptions {
  readonly scope: IConstruct;
  readonly preparing: boolean;
  readonly resolver: ITokenResolver;
}

/** cdktf refuses deeper paths as circular references. */
const MAX_DEPTH = 200;
const TOKEN_MARKER = "{TfToken[";
/** What every match of cdktf's encoded-number pattern, `[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)`, contains. */
const ENCODED_NUMBER_HINT = /[-|\d.+]e[-|\d.eE+]/;
/** cdktf encodes number tokens as doubles whose top 16 bits are 0xfdff or 0xfbff: negative, of magnitude 2^960 or more. */
const TOKEN_FREE_MAGNITUDE = 2 ** 900;

export function resolvePlain(value: unknown, options: PlainResolveOptions): any {
  return walk(value, options, []);
}

function walk(value: unknown, options: PlainResolveOptions, path: string[]): any {
  if (value === undefined || value === null || typeof value === "boolean") return value;
  if (path.length > MAX_DEPTH) return delegate(value, options, path);
  if (typeof value === "string") return mayHoldToken(value) ? delegate(value, options, path) : value;
  if (typeof value === "number") return mayEncodeToken(value) ? delegate(value, options, path) : value;
  if (Array.isArray(value)) {
    if (value.some((item) => (typeof item === "number" && mayEncodeToken(item)) || (typeof item === "string" && mayHoldToken(item)))) {
      return delegate(value, options, path);
    }
    const result: unknown[] = [];
    for (let index = 0; index < value.length; index++) {
      path.push(String(index));
      const resolved = walk(value[index], options, path);
      path.pop();
      if (resolved !== undefined) result.push(resolved);
    }
    return result;
  }
  if (isPlainData(value)) {
    const keys = Object.keys(value);
    if (keys.some(mayHoldToken)) return delegate(value, options, path);
    const result: Record<string, unknown> = {};
    for (const key of keys) {
      path.push(key);
      const resolved = walk(value[key], options, path);
      path.pop();
      if (resolved !== undefined) result[key] = resolved;
    }
    return result;
  }
  return delegate(value, options, path);
}

function mayHoldToken(text: string): boolean {
  return (
    text.includes(TOKEN_MARKER) || ENCODED_NUMBER_HINT.test(text) || text === Token.STRING_MAP_TOKEN_VALUE || text === Token.ANY_MAP_TOKEN_VALUE
  );
}

function mayEncodeToken(value: number): boolean {
  return !(Math.abs(value) < TOKEN_FREE_MAGNITUDE) || value === Token.NUMBER_MAP_TOKEN_VALUE;
}

function isPlainData(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const fields = value as Record<string, unknown>;
  return typeof fields.resolve !== "function" && (fields._children === undefined || fields._metadata === undefined);
}

function delegate(value: unknown, options: PlainResolveOptions, path: readonly string[]): any {
  return cdktfResolve(value, { ...options, prefix: [...path] });
}
