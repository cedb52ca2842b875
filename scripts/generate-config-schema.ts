/**
 * Writes config/schema.json from the zod schema, so editors complete and check
 * config/<env>.yaml. A test fails when the committed file is stale.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { COIN_NAMES } from "../coinstacks/names";
import { CONFIG_DIR } from "../lib/config/load";
import { configJsonSchema } from "../lib/config/json-schema";

const target = join(CONFIG_DIR, "schema.json");
writeFileSync(target, configJsonSchema(COIN_NAMES));
console.log(`wrote ${target}`);
