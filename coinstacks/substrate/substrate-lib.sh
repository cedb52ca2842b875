#!/bin/sh
# shellcheck shell=sh
# Helpers of the substrate scripts, mounted at /substrate-lib.sh next to /probe-lib.sh (whose
# helpers it builds on). Scripts source "${SUBSTRATE_LIB:-/substrate-lib.sh}" after the probe
# library, so tests can point at the repository copies.
#
# parity/polkadot (parity/base-bin: ubuntu with libssl, CA certificates and gnupg) has no curl
# and no jq: the node's RPC is spoken with probe-lib's http_request (bash's /dev/tcp under
# timeout) and read with json_scalar (sed).
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

# One JSON-RPC 2.0 call without parameters to the node's RPC on 127.0.0.1:RPC_PORT (no
# credentials): substrate_rpc METHOD. Prints nothing. Sets RPC_ANSWER (the whole answer, on one
# line) and returns 0 on a JSON-RPC result; otherwise sets RPC_FAILURE (why, in one line) and
# returns 2 (nothing answered), 3 (an answer that is no JSON-RPC result or error) or 4 (a
# JSON-RPC error, which a polkadot node answers with HTTP 200). The request names the host
# 127.0.0.1:RPC_PORT, one of the hosts the node's RPC host filter allows (sc-rpc-server).
# shellcheck disable=SC2034 # RPC_* are the function's results, read by the callers
substrate_rpc() {
  RPC_ANSWER=""
  RPC_FAILURE=""
  http_request 127.0.0.1 "${RPC_PORT:?}" POST / "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":[]}" || {
    RPC_FAILURE="RPC down: $HTTP_FAILURE"
    return 2
  }
  case "$HTTP_STATUS:$HTTP_BODY" in
    200:*'"error"'*)
      _code="$(json_scalar "$HTTP_BODY" code)" || _code="(no code)"
      _message="$(json_scalar "$HTTP_BODY" message)" || _message="$HTTP_BODY"
      RPC_FAILURE="RPC error $_code from $1: $(excerpt "$_message")"
      return 4
      ;;
    200:*'"result"'*)
      RPC_ANSWER="$HTTP_BODY"
      return 0
      ;;
  esac
  RPC_FAILURE="unexpected answer to $1 (HTTP $HTTP_STATUS): $(excerpt "$HTTP_BODY")"
  return 3
}

# The node's system_health: substrate_health. Prints nothing. Sets HEALTH_PEERS and
# HEALTH_SYNCING (true or false) and returns 0; otherwise sets RPC_FAILURE and returns
# substrate_rpc's status, or 3 when the answer has no peer count or isSyncing.
# shellcheck disable=SC2034 # HEALTH_* are the function's results, read by the callers
substrate_health() {
  HEALTH_PEERS=""
  HEALTH_SYNCING=""
  substrate_rpc system_health || return
  HEALTH_PEERS="$(json_scalar "$RPC_ANSWER" peers)" || HEALTH_PEERS=""
  HEALTH_SYNCING="$(json_scalar "$RPC_ANSWER" isSyncing)" || HEALTH_SYNCING=""
  case "$HEALTH_PEERS" in '' | *[!0-9]*) HEALTH_PEERS="" ;; esac
  case "$HEALTH_SYNCING" in true | false) ;; *) HEALTH_SYNCING="" ;; esac
  if [ -n "$HEALTH_PEERS" ] && [ -n "$HEALTH_SYNCING" ]; then return 0; fi
  RPC_FAILURE="no peer count or isSyncing in system_health's answer: $(excerpt "$RPC_ANSWER")"
  return 3
}
