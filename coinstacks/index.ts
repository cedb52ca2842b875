/** The coin catalog: every coin the project can deploy. */
export const COIN_NAMES = ["bitcoin"] as const;
export type CoinName = (typeof COIN_NAMES)[number];
