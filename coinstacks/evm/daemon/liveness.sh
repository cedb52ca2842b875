#!/bin/sh
# Liveness: geth makes progress within LIVENESS_WINDOW_SECONDS. Progress is the block
# number once synced, and while syncing the sum of eth_syncing's counters (snap sync
# keeps the block number still for hours while accounts, storage and trie healing
# advance). Never sync status as such, never a first-run failure (the first check
# after a start records). An RPC that does not answer is not alive.
# LIVENESS_WINDOW_SECONDS=0 turns the stall check off.
# Kill switch: $DATA_DIR/disable_liveness.
# Environment: RPC_PORT, RPC_PATH (the JSON-RPC's path, default none), LIVENESS_WINDOW_SECONDS (default 3600; the definition sets it), RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../evm-lib.sh
. "${EVM_LIB:-/evm-lib.sh}"
probe_kill_switch liveness

url="http://127.0.0.1:${RPC_PORT:?}${RPC_PATH:-}"
eth_sync_state "$url" || { say "not alive: $ETH_FAILURE"; exit 1; }
if [ "$SYNC_STATE" = syncing ]; then
  height_advanced "$SYNC_PROGRESS" daemon
  exit
fi
eth_quantity "$url" eth_blockNumber || { say "not alive: $ETH_FAILURE"; exit 1; }
height_advanced "$ETH_QUANTITY" daemon
