#!/bin/sh
# Liveness: the best block (chain_getHeader, number in hex) has changed within
# LIVENESS_WINDOW_SECONDS. Never sync status (a node far behind is alive while it imports)
# and never a first-run failure (the first check after a start records the height). An
# RPC that does not answer is not alive. LIVENESS_WINDOW_SECONDS=0 turns the stall check
# off (a private --dev chain).
# Kill switch: $DATA_DIR/disable_liveness.
# Environment: RPC_PORT, LIVENESS_WINDOW_SECONDS (default 3600; the definition sets one
# from the 6 s block time), RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/substrate-lib.sh
. "${SUBSTRATE_LIB:-/substrate-lib.sh}"
probe_kill_switch liveness

substrate_rpc chain_getHeader || { say "not alive: $RPC_FAILURE"; exit 1; }
number="$(json_scalar "$RPC_ANSWER" number)" || { say "not alive: no block number in chain_getHeader's answer: $(excerpt "$RPC_ANSWER")"; exit 1; }
if ! hex_quantity "$number"; then
  say "not alive: block number $number is not hex"
  exit 1
fi
height_advanced "$_QUANTITY" node
