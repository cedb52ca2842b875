#!/bin/sh
# Startup: passes once geth's JSON-RPC answers eth_blockNumber (at any height: a
# node that has just started snap sync answers 0).
# Kill switch: $DATA_DIR/disable_startup.
# Environment: RPC_PORT, RPC_PATH (default none), RPC_TIMEOUT (seconds per call, default 5).
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../evm-lib.sh
. "${EVM_LIB:-/evm-lib.sh}"
probe_kill_switch startup

eth_quantity "http://127.0.0.1:${RPC_PORT:?}${RPC_PATH:-}" eth_blockNumber || { say "not started: $ETH_FAILURE"; exit 1; }
say "started: RPC answers at block $ETH_QUANTITY"
