#!/bin/sh
# shellcheck shell=sh
# Helpers of the substrate scripts, mounted at /substrate-lib.sh next to /probe-lib.sh (whose
# helpers it builds on). Scripts source "${SUBSTRATE_LIB:-/substrate-lib.sh}" after the probe
# library, so tests can point at the repository copies.
#
# Kept apart from probe-lib.sh so the UTXO coinstacks' scripts ConfigMap (and their pods) stay
# untouched by this family.
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

# This pod's public libp2p address for --public-addr when p2p.exposure is not none (nothing
# when it is none): NodePort, /ip4/<node IP>/tcp/<base + stride x POD_INDEX>; LoadBalancer,
# /dns4/<the pod's p2p-<index> name>/tcp/<port>. Environment set by the construct:
# P2P_EXPOSURE, POD_INDEX, P2P_ADVERTISE_HOST | P2P_ADVERTISE_HOST_TEMPLATE,
# P2P_ADVERTISE_PORT_STRIDE, P2P_PORT_NAME, P2P_ADVERTISE_PORT_BASE_<P2P_PORT_NAME>.
public_addr() {
  if [ -z "${P2P_EXPOSURE:-}" ]; then return 0; fi
  _index="$(setting POD_INDEX)" || return 2
  _base="$(setting "P2P_ADVERTISE_PORT_BASE_${P2P_PORT_NAME:?}")" || return 2
  _stride="$(setting P2P_ADVERTISE_PORT_STRIDE 0)" || return 2
  _port=$((_base + _stride * _index))
  if [ -n "${P2P_ADVERTISE_HOST_TEMPLATE:-}" ]; then
    printf '/dns4/%s/tcp/%s\n' "$(printf '%s' "$P2P_ADVERTISE_HOST_TEMPLATE" | sed "s/{index}/$_index/g")" "$_port"
  elif [ -n "${P2P_ADVERTISE_HOST:-}" ]; then
    printf '/ip4/%s/tcp/%s\n' "$P2P_ADVERTISE_HOST" "$_port"
  else
    say "P2P_ADVERTISE_HOST or P2P_ADVERTISE_HOST_TEMPLATE is required" >&2
    return 2
  fi
}
