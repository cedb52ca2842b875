#!/bin/sh
# Liveness of an execution client whose eth_syncing is not geth's: its block number moves within
# LIVENESS_WINDOW_SECONDS. nitro executes its chain message by message and avalanche's C-chain
# block by block once bootstrapped, so the number moves while they catch up too; nitro's
# eth_syncing object holds decimal message counts, not geth's counters, so it is not read. Never a first-run failure (the
# first check after a start records). An RPC that does not answer is not alive.
# LIVENESS_WINDOW_SECONDS=0 turns the stall check off.
# Kill switch: $DATA_DIR/disable_liveness.
# Environment: RPC_PORT, RPC_PATH (default none), LIVENESS_WINDOW_SECONDS (default 3600; the definition sets it), RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../evm-lib.sh
. "${EVM_LIB:-/evm-lib.sh}"
probe_kill_switch liveness

eth_quantity "http://127.0.0.1:${RPC_PORT:?}${RPC_PATH:-}" eth_blockNumber || { say "not alive: $ETH_FAILURE"; exit 1; }
height_advanced "$ETH_QUANTITY" daemon
