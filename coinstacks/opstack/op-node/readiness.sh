#!/bin/sh
# Readiness of op-node, run in the monitor container (OP Labs' op-node image has no shell):
#   optimism_syncStatus answers, with the unsafe L2 head's number and timestamp (integers)
#   the unsafe L2 head is fresh: now - its timestamp <= UNSAFE_HEAD_MAX_AGE_SECONDS (default 120);
#     an older head is a node still syncing or stalled
#   connected peers >= MIN_PEERS                  (opp2p_peerStats' connected; default 1)
# Any other answer (down, an HTTP error, a JSON-RPC error, a body that is not the expected JSON) is
# not ready, saying why in one line.
# Kill switch: $DATA_DIR/disable_readiness (the monitor mounts the data volume read-only).
# Environment: RPC_PORT (op-node's JSON-RPC), UNSAFE_HEAD_MAX_AGE_SECONDS, MIN_PEERS, RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
# shellcheck source=SCRIPTDIR/../../evm/evm-lib.sh
. "${EVM_LIB:-/evm-lib.sh}"
probe_kill_switch readiness

url="http://127.0.0.1:${RPC_PORT:?}"
max_age="$(setting UNSAFE_HEAD_MAX_AGE_SECONDS 120)"
min_peers="$(setting MIN_PEERS 1)"

# op-node's JSON-RPC 2.0, a method without parameters: ask METHOD [NAME=JQ_PATH...]. Prints nothing.
# Sets ANSWER (the body) and each NAME to that field of the result (as probe-lib's text()) and
# returns 0, or sets FAILURE (why, in one line) and returns 1: nothing answered, an HTTP error
# status, a JSON-RPC error, or an answer that is not JSON-RPC. curl directly rather than evm-lib's
# eth_post, which tells neither an HTTP status nor the body of an HTTP error; one jq per answer.
ask() {
  _method="$1"
  shift
  ANSWER=""
  FAILURE=""
  json_fields_program "$@" || return 1
  _status=0
  _out="$(curl -s -m "${RPC_TIMEOUT:-5}" --noproxy '*' -H 'Content-Type: application/json' \
    --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$_method\",\"params\":[]}" \
    -w '\n%{http_code}' "$url" 2>/dev/null)" || _status=$?
  if [ "$_status" -ne 0 ]; then
    FAILURE="$(eth_down "$url" "$_method" "$(curl_failure "$_status")")"
    return 1
  fi
  http_split "$_out"
  ANSWER="$_body"
  if [ "$_status" != 200 ]; then
    FAILURE="HTTP $_status from $url to $_method: $(excerpt "$_body")"
    return 1
  fi
  _kind=""
  _code=""
  _message=""
  _assignments="$(printf '%s' "$_body" | jq -nr "$_JQ_TEXT input | select(type == \"object\")
    | if (.error? // null) != null
      then \"_kind=error\", \"_code=\" + (text(.error.code) | @sh), \"_message=\" + (text(.error.message) | @sh)
      elif has(\"result\") then \"_kind=result\", (.result | $_FIELDS_PROGRAM)
      else empty end" 2>/dev/null)" || _assignments=""
  eval "$_assignments"
  case "$_kind" in
    result) ;;
    error)
      FAILURE="RPC error $_code from $_method: $(excerpt "$_message")"
      return 1
      ;;
    *)
      FAILURE="unexpected answer from $url to $_method: $(excerpt "$_body")"
      return 1
      ;;
  esac
}

# Whether a field (as text() prints a number) is a non-negative integer: no sign, fraction or exponent.
count() {
  case "$1" in
    '' | *[!0-9]*) return 1 ;;
  esac
}

number=""
timestamp=""
# `numbers`: a number as JSON writes one, not a string holding digits.
ask optimism_syncStatus number='.unsafe_l2.number | numbers' timestamp='.unsafe_l2.timestamp | numbers' || { say "not ready: $FAILURE"; exit 1; }
if ! count "$number" || ! count "$timestamp"; then
  say "not ready: no integer unsafe_l2.number and unsafe_l2.timestamp in the answer to optimism_syncStatus: $(excerpt "$ANSWER")"
  exit 1
fi
age=$(($(date +%s) - timestamp))
if [ "$age" -gt "$max_age" ]; then
  say "not ready: unsafe L2 head $number is ${age}s old (more than ${max_age}s): still syncing, or stalled"
  exit 1
fi

peers=""
ask opp2p_peerStats peers='.connected | numbers' || { say "not ready: $FAILURE"; exit 1; }
if ! count "$peers"; then
  say "not ready: no integer connected in the answer to opp2p_peerStats: $(excerpt "$ANSWER")"
  exit 1
fi
if [ "$peers" -lt "$min_peers" ]; then
  say "not ready: $peers peers (need at least $min_peers)"
  exit 1
fi
say "ready: unsafe L2 head $number, ${age}s old, $peers peers"
