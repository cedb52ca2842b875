/** Names of every coin in the catalog (kept apart from the definitions so config can validate without loading them). */
export const COIN_NAMES = ["bitcoin", "litecoin", "dogecoin", "bitcoincash", "ethereum", "polkadot", "optimism", "base", "arbitrum", "arbitrum-nova", "bnbsmartchain", "avalanche", "cosmos", "gnosis", "polygon", "thorchain"] as const;
export type CoinName = (typeof COIN_NAMES)[number];
