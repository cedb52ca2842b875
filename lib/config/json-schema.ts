import { z } from "zod";
import type { KnownCoins } from "./load";
import { environmentSchema } from "./schema";

/**
 * The JSON Schema of config/<env>.yaml (input side: defaults make keys optional), as committed text.
 * @param coins the catalog's coin names, offered as the keys of `coins`
 */
export function configJsonSchema(coins: KnownCoins): string {
  const schema = z.toJSONSchema(environmentSchema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as unknown as { properties: { coins: object } };
  schema.properties.coins = { ...schema.properties.coins, propertyNames: { type: "string", enum: [...coins] } };
  return `${JSON.stringify({ ...schema, title: "coinstacks environment (config/<env>.yaml)" }, null, 2)}\n`;
}
