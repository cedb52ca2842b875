#!/bin/sh
# Readiness: the execution client (geth in its own container; op-reth, through the monitor) serves the chain tip.
#   not syncing                                   (eth_syncing false)
#   peers >= MIN_PEERS                            (net_peerCount; default 1; MIN_PEERS=0 does not ask:
#                                                  nitro has no peers and serves no net_peerCount)
#   height >= reference height - BLOCK_TOLERANCE  (eth_blockNumber; default 5) for at least
#     REFERENCE_QUORUM (default 1) of the REFERENCE_ENDPOINTS that answer
# The references are third-party JSON-RPC endpoints, compared as tip-lib.sh's reference_check says
# (one try each within REFERENCE_TIMEOUT, failing open when none answers, the quorum).
# Probe metrics: height, and sync_lag_blocks (reference_check).
# Kill switch: $DATA_DIR/disable_readiness.
# Environment: RPC_PORT, RPC_PATH (the JSON-RPC's path: avalanche's C-chain is at /ext/bc/C/rpc), MIN_PEERS, BLOCK_TOLERANCE, REFERENCE_ENDPOINTS, REFERENCE_QUORUM,
# REFERENCE_TIMEOUT, RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../evm-lib.sh
. "${EVM_LIB:-/evm-lib.sh}"
probe_metrics_begin
probe_kill_switch readiness

url="http://127.0.0.1:${RPC_PORT:?}${RPC_PATH:-}"
min_peers="$(setting MIN_PEERS 1)"

eth_sync_state "$url" || { say "not ready: $ETH_FAILURE"; exit 1; }
if [ "$SYNC_STATE" = syncing ]; then
  say "not ready: syncing (block $SYNC_CURRENT of $SYNC_HIGHEST)"
  exit 1
fi
peers="no peers required"
if [ "$min_peers" -gt 0 ]; then
  eth_quantity "$url" net_peerCount || { say "not ready: $ETH_FAILURE"; exit 1; }
  if [ "$ETH_QUANTITY" -lt "$min_peers" ]; then
    say "not ready: $ETH_QUANTITY peers (need at least $min_peers)"
    exit 1
  fi
  peers="$ETH_QUANTITY peers"
fi
eth_quantity "$url" eth_blockNumber || { say "not ready: $ETH_FAILURE"; exit 1; }
height="$ETH_QUANTITY"
probe_metric height "$height"

# A reference's height, for reference_check: its eth_blockNumber.
# shellcheck disable=SC2034 # REFERENCE_* are reference_check's to read
reference_height() {
  eth_quantity "$1" eth_blockNumber "$2" || {
    REFERENCE_FAILURE="$ETH_FAILURE"
    return 1
  }
  REFERENCE_HEIGHT="$ETH_QUANTITY"
}

reference_check "$height" "$peers" reference_height
