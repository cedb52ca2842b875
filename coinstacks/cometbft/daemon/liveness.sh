#!/bin/sh
# Liveness: the node's latest block moves within LIVENESS_WINDOW_SECONDS (a node catching up
# advances too), and its RPC answers. Never a first-run failure (the first check after a start
# records). At height 0 there is no block to move yet: state sync is fetching and restoring a
# snapshot, which takes as long as the snapshot is large, and restarting would start it over; the
# node is alive while its RPC answers, and readiness keeps it out of service.
# LIVENESS_WINDOW_SECONDS=0 turns the stall check off.
# Kill switch: $DATA_DIR/disable_liveness.
# Environment: RPC_PORT, LIVENESS_WINDOW_SECONDS (default 3600; the definition sets it), RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../cometbft-lib.sh
. "${COMETBFT_LIB:-/cometbft-lib.sh}"
probe_kill_switch liveness

comet_status "http://127.0.0.1:${RPC_PORT:?}" || { say "not alive: $COMET_FAILURE"; exit 1; }
if [ "$COMET_HEIGHT" -eq 0 ]; then
  say "alive: no block yet (state sync restoring, or waiting for the chain's first block)"
  exit 0
fi
height_advanced "$COMET_HEIGHT" daemon
