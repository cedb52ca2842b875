/**
 * resolvePlain walks token-free data itself and gives everything else to
 * cdktf's resolver, with the same result and the same errors as cdktf's own walk.
 */
import { DefaultTokenResolver, Fn, Lazy, StringConcat, Testing, TerraformStack, Token, Tokenization } from "cdktf";
import * as cdktfResolver from "cdktf/lib/tokens/private/resolve";
import { resolvePlain } from "../../lib/core/plain-resolve";

const scope = new TerraformStack(Testing.app(), "scope");
const options = { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) };

const lazyString = (value: string) => Token.asString(Lazy.stringValue({ produce: () => value }));
const lazyNumber = (value: number) => Token.asNumber(Lazy.numberValue({ produce: () => value }));

/** Inputs that cdktf resolves in each of its ways; built per test so every token is fresh. */
const INPUTS: Record<string, () => unknown> = {
  "plain data, with undefined dropped from objects and arrays": () => ({
    name: "coinstack",
    enabled: true,
    off: false,
    nothing: null,
    dropped: undefined,
    list: ["a", undefined, { nested: ["b", { deep: "c" }] }, []],
    empty: {},
  }),
  "a string token": () => ({ value: lazyString("lazy") }),
  "a token inside a string": () => ({ value: `prefix-${lazyString("middle")}-suffix` }),
  "a number token": () => ({ value: lazyNumber(42) }),
  "a number token inside a string": () => ({ value: `port ${lazyNumber(8332)}` }),
  "plain numbers, alone and in arrays": () => ({ count: 3, ratio: 0.5, ports: [80, 443], big: -1e300, odd: [NaN, Infinity] }),
  "a number token in an array": () => ({ ports: [80, lazyNumber(443)] }),
  "text shaped like an encoded number that is none": () => ({ value: "1e5 and v1.2e3x", list: ["-e-", "set -e"] }),
  "a list token": () => ({ value: Token.asList(Lazy.listValue({ produce: () => ["a", "b"] })) }),
  "a number list token": () => ({ value: Token.asNumberList(Lazy.anyValue({ produce: () => [1, 2] })) }),
  "a map token": () => ({ value: Token.asStringMap(Lazy.anyValue({ produce: () => ({ key: "value" }) })) }),
  "a key that is a token": () => ({ [lazyString("key")]: "value" }),
  "an object literal with a resolve method": () => ({ value: { resolve: () => "resolved" } }),
  "a Terraform function": () => ({ value: Fn.upper("text") }),
  "a date": () => ({ value: new Date(0) }),
  "a class instance": () => ({ value: new (class Fields { readonly field = "x"; })() }),
};

/** Inputs cdktf refuses, each with its own error. */
const REFUSED: Record<string, () => unknown> = {
  "a function": () => ({ outer: { inner: () => 1 } }),
  "a circular object": () => {
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;
    return { loop };
  },
  "a list token element in string context": () => ({ value: `x${Token.asList(Lazy.listValue({ produce: () => ["a"] }))[0]}` }),
  "a map token value in string context": () => ({ value: Token.STRING_MAP_TOKEN_VALUE }),
  "a map token value in number context": () => ({ value: Token.NUMBER_MAP_TOKEN_VALUE }),
  "a construct": () => ({ value: new TerraformStack(Testing.app(), "inner") }),
  "an object literal shaped like a construct": () => ({ value: { _children: {}, _metadata: [] } }),
};

function cdktfOwn(input: unknown): unknown {
  return Tokenization.resolve(input, options);
}

function errorOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

describe("plain resolve", () => {
  it.each(Object.keys(INPUTS))("resolves %s as cdktf does", (name) => {
    expect(resolvePlain(INPUTS[name]!(), options)).toStrictEqual(cdktfOwn(INPUTS[name]!()));
  });

  it.each(Object.keys(REFUSED))("refuses %s with cdktf's error", (name) => {
    expect(errorOf(() => resolvePlain(REFUSED[name]!(), options))).toBe(errorOf(() => cdktfOwn(REFUSED[name]!())));
  });

  it("hands cdktf's resolver only the values that may hold a token, with their path", () => {
    const token = lazyString("lazy");
    const resolver = jest.spyOn(cdktfResolver, "resolve");
    try {
      resolvePlain({ plain: "text", count: 3, list: ["a", { flag: true }, 8332], nested: { value: token } }, options);
      expect(resolver.mock.calls.map(([value, { prefix }]) => ({ value, prefix }))).toEqual([{ value: token, prefix: ["nested", "value"] }]);
    } finally {
      resolver.mockRestore();
    }
  });
});
