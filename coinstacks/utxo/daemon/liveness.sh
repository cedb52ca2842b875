#!/bin/sh
# Alive while the daemon's block count keeps advancing (see height_advanced).
set -eu
. /probe-lib.sh
probe_kill_switch liveness
height="$(rpc_call "http://127.0.0.1:${RPC_PORT:?}" getblockcount | jq -er '.result')"
height_advanced "$height" daemon
