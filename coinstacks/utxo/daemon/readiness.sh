#!/bin/sh
# Ready when the daemon has peers and has validated every header it knows of
# (blocks >= headers - TOLERANCE), i.e. it serves the chain tip.
set -eu
. /probe-lib.sh
probe_kill_switch readiness
url="http://127.0.0.1:${RPC_PORT:?}"
tolerance="${BLOCK_TOLERANCE:-1}"

peers="$(rpc_call "$url" getconnectioncount | jq -er '.result')"
if [ "$peers" -le 0 ]; then
  echo "not ready: no peers"
  exit 1
fi
info="$(rpc_call "$url" getblockchaininfo)"
blocks="$(printf '%s' "$info" | jq -er '.result.blocks')"
headers="$(printf '%s' "$info" | jq -er '.result.headers')"
if [ "$blocks" -lt $((headers - tolerance)) ]; then
  echo "not ready: at block $blocks of $headers headers"
  exit 1
fi
echo "ready: block $blocks, $peers peers"
