#!/bin/sh
# shellcheck shell=sh
# EVM JSON-RPC helpers for the execution client's probes, sourced after probe-lib.sh
# (whose say, setting and height_advanced they use); they source tip-lib.sh. Mounted at
# /evm-lib.sh; scripts source "${EVM_LIB:-/evm-lib.sh}" so tests can point at the repository copy.
#
# Two kinds of image run these helpers. The geth image is alpine with busybox and has
# neither curl nor jq, and installing them at every start would make a pod's start depend
# on package mirrors: there requests go through wget (busybox's and GNU's both take the
# flags used here; busybox ignores -t). The `<service>-monitor` container, where op-reth's
# readiness runs (OP Labs' images have no shell), has curl and jq but no wget: there they
# go through curl. Either way answers are read with probe-lib.sh's parameter expansions
# (json_member, json_scalar, hex_quantity), no jq: the nodes' answers are one-line JSON
# objects. Every function here prints nothing but what its header says: a probe says why
# it fails in one line. The JSON-RPC needs no credential: it is reachable only inside the coinstack.

# shellcheck source=SCRIPTDIR/../lib/tip-lib.sh
. "${TIP_LIB:-/tip-lib.sh}"

# POST a JSON-RPC 2.0 call without parameters: eth_post URL METHOD [TIMEOUT], one try within
# TIMEOUT (default RPC_TIMEOUT) seconds (tip-lib.sh's http_text: wget where the image has it, else
# curl). Prints the body on one line; when nothing answered or on an HTTP error status it fails
# (status 2) and prints one line of what the client said, if anything.
eth_post() {
  http_text "$1" "${3:-${RPC_TIMEOUT:-5}}" "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":[]}"
}

# Why eth_post got no answer, for ETH_FAILURE: eth_down URL METHOD CLIENT_SAID (wget's or curl's line).
eth_down() {
  say "RPC down: no answer from $1 to $2${3:+ ($3)}"
}

# A quantity result ("0x…") as a decimal: eth_quantity URL METHOD [TIMEOUT]. Prints nothing.
# Sets ETH_QUANTITY and returns 0, or sets ETH_FAILURE (why, in one line) and returns 2 when
# nothing answered, 3 for any other answer (an error, not a quantity).
# shellcheck disable=SC2034 # ETH_* are the function's results, read by the callers
eth_quantity() {
  ETH_QUANTITY=""
  ETH_FAILURE=""
  _answer="$(eth_post "$@")" || {
    ETH_FAILURE="$(eth_down "$1" "$2" "$_answer")"
    return 2
  }
  if ! _value="$(json_scalar "$_answer" result)" || ! hex_quantity "$_value"; then
    ETH_FAILURE="unexpected answer from $1 to $2: $(excerpt "$_answer")"
    return 3
  fi
  ETH_QUANTITY="$_QUANTITY"
}

# eth_syncing: eth_sync_state URL. Prints nothing. Sets SYNC_STATE to "synced" or
# "syncing"; while syncing, SYNC_PROGRESS is the sum of every counter geth reports
# (blocks, accounts, storage slots, healed trie nodes…), which keeps moving through every
# sync phase, and SYNC_CURRENT/SYNC_HIGHEST are the block heights. Otherwise sets
# ETH_FAILURE (why, in one line) and returns 2 when nothing answered, 3 for any other answer.
# shellcheck disable=SC2034 # SYNC_* and ETH_FAILURE are the function's results, read by the callers
eth_sync_state() {
  SYNC_STATE=""
  SYNC_PROGRESS=0
  ETH_FAILURE=""
  _answer="$(eth_post "$1" eth_syncing)" || {
    ETH_FAILURE="$(eth_down "$1" eth_syncing "$_answer")"
    return 2
  }
  _syncing=""
  if json_member "$_answer" result; then _syncing="$_MEMBER"; fi
  case "$_syncing" in
    false*)
      SYNC_STATE=synced
      return 0
      ;;
    '{'*) ;;
    *)
      ETH_FAILURE="unexpected answer from $1 to eth_syncing: $(excerpt "$_answer")"
      return 3
      ;;
  esac
  SYNC_STATE=syncing
  SYNC_CURRENT="$(sync_field "$_syncing" currentBlock)"
  SYNC_HIGHEST="$(sync_field "$_syncing" highestBlock)"
  SYNC_PROGRESS="$(sync_progress "$_syncing")"
}

# The sum of every quantity member of an eth_syncing object: sync_progress TEXT. A subshell: it
# splits the text on commas, with its own IFS.
sync_progress() (
  _sum=0
  set -f
  IFS=,
  # shellcheck disable=SC2086 # split on purpose, on commas
  set -- $1
  unset IFS
  for _pair in "$@"; do
    _value="${_pair##*:}"
    _value="${_value#"${_value%%[![:blank:]]*}"}"
    case "$_value" in
      '"'*'"'*)
        _value="${_value#'"'}"
        if hex_quantity "${_value%%'"'*}"; then _sum=$((_sum + _QUANTITY)); fi
        ;;
    esac
  done
  printf '%s\n' "$_sum"
)

# One quantity member of an eth_syncing object, as a decimal ("?" when absent).
sync_field() {
  if _value="$(json_scalar "$1" "$2")" && hex_quantity "$_value"; then printf '%s\n' "$_QUANTITY"; else echo '?'; fi
}
