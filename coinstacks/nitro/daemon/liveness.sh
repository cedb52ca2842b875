#!/bin/sh
# Liveness: nitro's block number moves within LIVENESS_WINDOW_SECONDS. nitro executes the chain
# message by message, so the number moves while it catches up too; its eth_syncing object holds
# decimal message counts, not geth's counters, so it is not read. Never a first-run failure (the
# first check after a start records). An RPC that does not answer is not alive.
# LIVENESS_WINDOW_SECONDS=0 turns the stall check off.
# Kill switch: $DATA_DIR/disable_liveness.
# Environment: RPC_PORT, LIVENESS_WINDOW_SECONDS (default 3600; the definition sets it), RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../../evm/evm-lib.sh
. "${EVM_LIB:-/evm-lib.sh}"
probe_kill_switch liveness

eth_quantity "http://127.0.0.1:${RPC_PORT:?}" eth_blockNumber || { say "not alive: $ETH_FAILURE"; exit 1; }
height_advanced "$ETH_QUANTITY" daemon
