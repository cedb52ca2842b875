#!/bin/sh
# shellcheck shell=sh
# CometBFT RPC helpers for the probes of Cosmos SDK nodes (gaiad, thornode, heimdalld), sourced after
# probe-lib.sh (whose say, is_int and json_scalar they use); they source tip-lib.sh. Mounted at
# /cometbft-lib.sh; scripts source "${COMETBFT_LIB:-/cometbft-lib.sh}" so tests can point at the
# repository copy.
#
# The RPC's answers are JSON objects whose members read here occur once each (/status's
# latest_block_height and catching_up, /net_info's n_peers), read with probe-lib.sh's parameter
# expansions: no jq, which not every image has. Requests go through tip-lib.sh's http_text (wget,
# else curl). The RPC needs no credential: only the coinstack's pods reach it. Every function here
# prints nothing: a probe says why it fails in one line.

# shellcheck source=SCRIPTDIR/../lib/tip-lib.sh
. "${TIP_LIB:-/tip-lib.sh}"

# /status of a CometBFT RPC: comet_status URL [TIMEOUT]. Sets COMET_HEIGHT (its latest block; 0
# before the first, e.g. while state sync restores a snapshot) and COMET_CATCHING_UP (true or false)
# and returns 0, or sets COMET_FAILURE (why, in one line) and returns 2 when nothing answered, 3 for
# any other answer.
# shellcheck disable=SC2034 # COMET_* are the function's results, read by the callers
comet_status() {
  COMET_HEIGHT=""
  COMET_CATCHING_UP=""
  COMET_FAILURE=""
  _answer="$(http_text "$1/status" "${2:-${RPC_TIMEOUT:-5}}")" || {
    COMET_FAILURE="RPC down: no answer from $1/status${_answer:+ ($_answer)}"
    return 2
  }
  if _height="$(json_scalar "$_answer" latest_block_height)" && is_int "$_height" \
    && _catching_up="$(json_scalar "$_answer" catching_up)" && { [ "$_catching_up" = true ] || [ "$_catching_up" = false ]; }; then
    COMET_HEIGHT="$_height"
    COMET_CATCHING_UP="$_catching_up"
    return 0
  fi
  COMET_FAILURE="unexpected answer from $1/status: $(excerpt "$_answer")"
  return 3
}

# Connected peers, from /net_info: comet_peers URL. Sets COMET_PEERS and returns 0, or sets
# COMET_FAILURE and returns 2 (nothing answered) or 3 (any other answer).
# shellcheck disable=SC2034 # COMET_* are the function's results, read by the callers
comet_peers() {
  COMET_PEERS=""
  COMET_FAILURE=""
  _answer="$(http_text "$1/net_info" "${RPC_TIMEOUT:-5}")" || {
    COMET_FAILURE="RPC down: no answer from $1/net_info${_answer:+ ($_answer)}"
    return 2
  }
  if _peers="$(json_scalar "$_answer" n_peers)" && is_int "$_peers"; then
    COMET_PEERS="$_peers"
    return 0
  fi
  COMET_FAILURE="unexpected answer from $1/net_info: $(excerpt "$_answer")"
  return 3
}
