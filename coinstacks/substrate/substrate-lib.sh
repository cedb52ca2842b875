#!/bin/sh
# shellcheck shell=sh
# Helpers of the substrate scripts, mounted at /substrate-lib.sh next to /probe-lib.sh (whose
# helpers it builds on). Scripts source "${SUBSTRATE_LIB:-/substrate-lib.sh}" after the probe
# library, so tests can point at the repository copies.
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

# A substrate node's RPC: JSON-RPC 2.0, no credentials. Replaces probe-lib's rpc_call (same
# output: the body, a newline, the HTTP status), so probe-lib's rpc classifies the answer. A
# JSON-RPC 2.0 error carries no result member; one is added so it is read as an RPC error.
rpc_call() {
  _out="$(curl -sS -m "${RPC_TIMEOUT:-5}" --noproxy '*' \
    -H 'content-type: application/json' \
    --data "{\"jsonrpc\":\"2.0\",\"id\":\"probe\",\"method\":\"$2\",\"params\":${3:-[]}}" \
    -w '\n%{http_code}' \
    "$1")" || return 2
  _body="$(printf '%s\n' "$_out" | sed '$d')"
  _fixed="$(printf '%s' "$_body" | jq -c 'if type == "object" and has("error") and (has("result") | not) then .result = null else . end' 2>/dev/null)" || _fixed="$_body"
  printf '%s\n%s' "$_fixed" "$(printf '%s\n' "$_out" | tail -n 1)"
}
