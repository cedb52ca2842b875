import { z } from "zod";
import { environmentSchema } from "./schema";

/** The JSON Schema of config/<env>.yaml (input side: defaults make keys optional), as committed text. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(environmentSchema, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
  return `${JSON.stringify({ ...schema, title: "coinstacks environment (config/<env>.yaml)" }, null, 2)}\n`;
}
