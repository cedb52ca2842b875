/**
 * Per-environment coin settings (`coins.<coin>` in config/<env>.yaml).
 * Coins not listed are not deployed.
 */
import { z } from "zod";
import { COIN_NAMES } from "../../coinstacks";
import { bool, integer } from "../config/rules";

export const coinSettingsSchema = z.strictObject({
  /** @default true */
  enabled: bool().default(true),
  /** StatefulSet replicas. @default 1 */
  replicas: integer(1, 10).default(1),
});

export const coinsSchema = z.partialRecord(
  z.enum(COIN_NAMES, { error: `expected a known coin (${COIN_NAMES.join(", ")})` }),
  coinSettingsSchema,
);

export type CoinSettings = z.output<typeof coinSettingsSchema>;
