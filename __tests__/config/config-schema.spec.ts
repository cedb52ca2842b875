/**
 * Build point 2: a JSON Schema generated from the zod schema, committed as
 * config/schema.json and referenced from every config/*.yaml so editors
 * complete and check them. `npm run schema` regenerates it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { configJsonSchema } from "../../lib/config/json-schema";
import { CONFIG_DIR } from "../../lib/config/load";
import { SUPPORTED_KUBERNETES_VERSIONS } from "../../lib/config/schema";
import { COIN_NAMES } from "../../coinstacks/names";

const committed = readFileSync(join(CONFIG_DIR, "schema.json"), "utf8");
const generated = configJsonSchema(COIN_NAMES);
const schema = JSON.parse(committed);
const yamlFiles = readdirSync(CONFIG_DIR).filter((f) => f.endsWith(".yaml"));

/** What the freshness test does: the committed text must be exactly what the generator writes. */
const isCurrent = (text: string): boolean => text === generated;

describe("config/schema.json", () => {
  it("is exactly what `npm run schema` generates from the zod schema (run it after changing the schema)", () => {
    expect(isCurrent(committed)).toBe(true);
  });

  it("would be reported stale after any change to the schema", () => {
    const stale = JSON.parse(committed);
    stale.properties.cluster.properties.kubernetesVersion.enum = ["1.31"];
    expect(isCurrent(`${JSON.stringify(stale, null, 2)}\n`)).toBe(false);
    expect(isCurrent(committed.replace('"additionalProperties": false', '"additionalProperties": true'))).toBe(false);
  });

  it("is a draft 2020-12 schema of an object", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.type).toBe("object");
  });

  it("rejects unknown keys, like the app does", () => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.cluster.additionalProperties).toBe(false);
    expect(schema.properties.platform.additionalProperties).toBe(false);
  });

  it("requires the keys the app requires", () => {
    expect(schema.required).toEqual(expect.arrayContaining(["name", "backend", "platform"]));
  });

  it("offers the supported Kubernetes versions for completion", () => {
    expect(schema.properties.cluster.properties.kubernetesVersion.enum).toEqual([...SUPPORTED_KUBERNETES_VERSIONS]);
  });

  it("offers each backend type as an alternative", () => {
    const types = schema.properties.backend.oneOf.map((option: any) => option.properties.type.const);
    expect(types.sort()).toEqual(["cloud", "local", "s3"]);
  });
});

describe.each(yamlFiles)("config/%s", (file) => {
  const text = readFileSync(join(CONFIG_DIR, file), "utf8");

  it("points the YAML language server at ./schema.json on its first line", () => {
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./schema.json");
  });

  it("sets $schema: ./schema.json for editors that read the key", () => {
    expect(parseDocument(text).toJS().$schema).toBe("./schema.json");
  });

  it("names only keys the schema knows at the top level", () => {
    const keys = Object.keys(parseDocument(text).toJS());
    expect(keys.filter((key) => !(key in schema.properties))).toEqual([]);
  });
});
