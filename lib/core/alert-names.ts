/**
 * Names of the coinstacks' alerts that other layers refer to: the platform's Alertmanager
 * configuration silences a down coinstack's follow-on alerts by these names.
 */
export const COINSTACK_ALERTS = {
  down: "CoinstackDown",
  notReady: "CoinstackNotReady",
  restartStorm: "CoinstackRestartStorm",
  heightStalled: "CoinstackHeightStalled",
  peersLow: "CoinstackPeersLow",
  indexerBehind: "CoinstackIndexerBehind",
  syncLag: "CoinstackSyncLag",
  p2pUnreachable: "CoinstackP2PUnreachable",
} as const;

/** What a down coinstack makes pointless: its pods are not ready, restart, move no height and keep no peers because it is down. */
export const INHIBITED_BY_COINSTACK_DOWN = [
  COINSTACK_ALERTS.notReady,
  COINSTACK_ALERTS.restartStorm,
  COINSTACK_ALERTS.heightStalled,
  COINSTACK_ALERTS.peersLow,
  COINSTACK_ALERTS.indexerBehind,
  COINSTACK_ALERTS.syncLag,
  COINSTACK_ALERTS.p2pUnreachable,
] as const;
