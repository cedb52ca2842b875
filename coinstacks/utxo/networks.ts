/** Values shared by the UTXO coin definitions. */

/** SLIP-132 extended public key versions, as blockbook's xpub_magic* settings (decimal). */
export const XPUB = { mainnet: 76067358, mainnetP2sh: 77429938, mainnetNative: 78792518, testnet: 70617039, testnetP2sh: 71979618, testnetNative: 73342198 } as const;

/**
 * Testnets pause for hours when nobody mines; a restart would not make them move,
 * so their stall window is wide.
 */
export const TESTNET_LIVENESS_WINDOW_SECONDS = 6 * 3600;
