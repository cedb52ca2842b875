#!/bin/sh
# Startup: passes once the node's CometBFT RPC answers /status, at any height (while state sync
# restores a snapshot, the node answers at height 0).
# Kill switch: $DATA_DIR/disable_startup.
# Environment: RPC_PORT, RPC_TIMEOUT (seconds per call, default 5).
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../cometbft-lib.sh
. "${COMETBFT_LIB:-/cometbft-lib.sh}"
probe_kill_switch startup

comet_status "http://127.0.0.1:${RPC_PORT:?}" || { say "not started: $COMET_FAILURE"; exit 1; }
say "started: RPC answers at block $COMET_HEIGHT"
