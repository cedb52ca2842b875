/** The coin catalog: every coin the project can deploy, by name. */
import type { CoinDefinition } from "../lib/coinstack/definition";
import { arbitrum } from "./arbitrum";
import { arbitrumNova } from "./arbitrum-nova";
import { avalanche } from "./avalanche";
import { base } from "./base";
import { bitcoin } from "./bitcoin";
import { bitcoincash } from "./bitcoincash";
import { bnbsmartchain } from "./bnbsmartchain";
import { cosmos } from "./cosmos";
import { dogecoin } from "./dogecoin";
import { ethereum } from "./ethereum";
import { gnosis } from "./gnosis";
import { litecoin } from "./litecoin";
import { optimism } from "./optimism";
import { polkadot } from "./polkadot";
import { polygon } from "./polygon";
import { thorchain } from "./thorchain";
import type { CoinName } from "./names";

export { COIN_NAMES, type CoinName } from "./names";

export const COINS: Record<CoinName, CoinDefinition> = { bitcoin, litecoin, dogecoin, bitcoincash, ethereum, polkadot, optimism, base, arbitrum, "arbitrum-nova": arbitrumNova, bnbsmartchain, avalanche, cosmos, gnosis, polygon, thorchain };
