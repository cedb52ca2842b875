#!/bin/sh
# Started once the RPC answers. "Loading block index" (RPC error -28) counts as still starting.
set -eu
. /probe-lib.sh
probe_kill_switch startup
rpc_call "http://127.0.0.1:${RPC_PORT:?}" getblockchaininfo >/dev/null
