#!/bin/sh
# shellcheck shell=sh
# Shared by every lifecycle script. Mounted at /probe-lib.sh; scripts source
# "${PROBE_LIB:-/probe-lib.sh}" so tests can point at the repository copy.
#
# POSIX sh plus curl and jq. Written for curl 7.74 (Debian bullseye, the base
# of the shapeshiftdao daemon images): no --fail-with-body, no --json. Images
# without curl and jq but with bash and coreutils (parity/polkadot, sigp/lighthouse)
# use http_request and json_scalar instead: bash's /dev/tcp, timeout and parameter expansions.
#
# Environment read here (every value is plain config, never a credential):
#   DATA_DIR                 data volume: kill-switch files and liveness state   (default /data)
#   SECRETS_DIR              the mounted Secret, one file per key                 (default /secrets)
#   RPC_TIMEOUT              seconds allowed for one HTTP call                    (default 5)
#   LIVENESS_WINDOW_SECONDS  liveness fails when the height has not moved for
#                            longer than this; 0 turns the stall check off       (default 3600)
#
# Kill switch: `touch "$DATA_DIR/disable_<probe>"` (disable_startup, disable_liveness,
# disable_readiness) makes that probe pass until the file is removed. For a
# longer maintenance, `probes: false` in the coin's config drops the probes.

say() {
  printf '%s\n' "$*"
}

# Exits 0 (the probe passes) when the operator dropped the kill-switch file for this probe, or
# when this pod is in maintenance.
probe_kill_switch() {
  if [ -e "${DATA_DIR:-/data}/disable_$1" ]; then
    say "$1 probe disabled by ${DATA_DIR:-/data}/disable_$1 (remove the file to re-enable it)"
    exit 0
  fi
  _maintenance="$(maintenance_state)"
  if [ -n "$_maintenance" ]; then
    say "$1 probe passes: pod ${POD_INDEX} is in maintenance, daemon $_maintenance (coins.<coin>.maintenance in the environment's config, or a quiesced backup)"
    exit 0
  fi
}

# Probe metrics, for a service whose pod runs the probe-metrics exporter (coinstacks/lib/probe-metrics.ts
# sets PROBE_METRICS_SERVICE): a readiness run calls probe_metrics_begin first, then probe_metric NAME
# VALUE for each integer it measures; on exit, whatever the outcome, it replaces
# ${PROBE_METRICS_DIR:-/tmp}/probe-<service>.prom with exactly those series, so a value the run
# could not measure (RPC down, maintenance, a kill switch) disappears instead of going stale.
# The file is written beside and renamed, so the exporter never reads half of it.
probe_metrics_begin() {
  [ -n "${PROBE_METRICS_SERVICE:-}" ] || return 0
  _probe_metrics=""
  trap probe_metrics_write EXIT
}

probe_metric() {
  [ -n "${PROBE_METRICS_SERVICE:-}" ] || return 0
  is_int "$2" || return 0
  _probe_metrics="${_probe_metrics}# TYPE coinstack_probe_$1 gauge
coinstack_probe_$1{service=\"$PROBE_METRICS_SERVICE\"} $2
"
}

probe_metrics_write() {
  _metrics_file="${PROBE_METRICS_DIR:-/tmp}/probe-$PROBE_METRICS_SERVICE.prom"
  if ! { printf '%s' "$_probe_metrics" >"$_metrics_file.new" && mv -f "$_metrics_file.new" "$_metrics_file"; }; then
    say "could not write $_metrics_file" >&2
  fi
}

# Maintenance of one ordinal (coins.<coin>.maintenance in config): the construct mounts one file
# per ordinal in maintenance, $MAINTENANCE_DIR/ordinal-<n>, holding stopped or running
# (lib/coinstack/maintenance.ts); the kubelet updates it in the running pod. A quiesced backup
# (services.<name>.backup.quiesce) adds quiesced-ordinal-<n>-<service>, holding `stopped <epoch>`:
# held until that second at most, so a backup Job that dies mid-way stops the daemon no longer.
# Prints this pod's state, stopped or running, or nothing when it is not in maintenance.
maintenance_state() {
  [ -n "${POD_INDEX:-}" ] || return 0
  _dir="${MAINTENANCE_DIR:-/maintenance}"
  if [ -r "$_dir/ordinal-$POD_INDEX" ]; then
    _state=""
    IFS= read -r _state <"$_dir/ordinal-$POD_INDEX" || true
    say "${_state:-stopped}"
    return 0
  fi
  for _file in "$_dir/quiesced-ordinal-$POD_INDEX"-*; do
    [ -r "$_file" ] || continue
    _until=""
    read -r _state _until <"$_file" || true
    case "$_until" in '' | *[!0-9]*) continue ;; esac
    if [ "$(date +%s)" -lt "$_until" ]; then
      say stopped
      return 0
    fi
  done
}

maintenance_lifted() {
  [ "$(maintenance_state)" != stopped ]
}

# Init scripts, right before exec: while this pod is in maintenance with its daemon stopped, waits
# (TERM stops it at once) and starts the daemon once the maintenance is lifted or set to running.
# hold_for_maintenance WHAT
hold_for_maintenance() {
  if maintenance_lifted; then return 0; fi
  stop_before_start "$1"
  say "pod $POD_INDEX is in maintenance with its daemon stopped: $1 starts once coins.<coin>.maintenance, or the quiesced backup, lifts it"
  wait_until "the maintenance of pod $POD_INDEX to be lifted" "$(setting MAINTENANCE_POLL_SECONDS 30)" maintenance_lifted
}

# A non-negative integer setting from the environment: setting NAME DEFAULT.
# A malformed value fails the script loudly instead of being misread.
setting() {
  eval "_value=\${$1:-\$2}"
  # shellcheck disable=SC2154 # _value is assigned by the eval above
  case "$_value" in
    '' | *[!0-9]*)
      say "invalid setting $1=\"$_value\": expected a non-negative integer" >&2
      return 2
      ;;
  esac
  printf '%s\n' "$_value"
}

# Reads one credential from the mounted Secret; never from the environment or the command line.
# Prints the file as $(cat FILE) would, but read by the shell: no process on every probe.
secret() {
  _file="${SECRETS_DIR:-/secrets}/$1"
  if [ ! -s "$_file" ]; then
    say "missing credential $_file" >&2
    return 2
  fi
  _secret=""
  _separator=""
  while IFS= read -r _line || [ -n "$_line" ]; do
    _secret="$_secret$_separator$_line"
    _separator="$_NL"
  done <"$_file"
  printf '%s\n' "$_secret"
}

# Escapes a value for a double-quoted curl config string (a backslash before each \ and "), with
# parameter expansions only.
curl_quote() {
  _rest="$1"
  _quoted=""
  while :; do
    case "$_rest" in
      *[\\\"]*) ;;
      *) break ;;
    esac
    _head="${_rest%%[\\\"]*}"
    _rest="${_rest#"$_head"}"
    _char="${_rest%"${_rest#?}"}"
    _rest="${_rest#?}"
    _quoted="$_quoted$_head\\$_char"
  done
  printf '%s' "$_quoted$_rest"
}

# Why curl got no answer, from its exit status: curl_failure STATUS.
curl_failure() {
  case "$1" in
    6) say "cannot resolve the host" ;;
    7) say "cannot connect" ;;
    28) say "no answer within ${RPC_TIMEOUT:-5}s" ;;
    52) say "empty reply" ;;
    56) say "connection reset" ;;
    *) say "curl exit status $1" ;;
  esac
}

# The first 200 characters of a text on one line, for a probe's one-line reason: excerpt TEXT.
# Line breaks and tabs become spaces by field splitting, in a subshell (its own IFS), no process.
excerpt() (
  if [ -z "$1" ]; then
    say "(empty)"
    return 0
  fi
  set -f
  IFS="$_CR$_NL$_TAB"
  # shellcheck disable=SC2086 # split on purpose, on line breaks and tabs only
  set -- $1
  IFS=" "
  _excerpt="$*"
  if [ "${#_excerpt}" -gt 200 ]; then
    # shellcheck disable=SC2295 # a pattern on purpose: any 200 characters
    _rest="${_excerpt#$_200_CHARACTERS}"
    _excerpt="${_excerpt%"$_rest"}"
  fi
  # Without trailing blanks, so the line ends with what the node said.
  printf '%s\n' "${_excerpt%"${_excerpt##*[! ]}"}"
)

# The curl config line with the RPC credentials, read from the mounted Secret once per script:
# sets _RPC_AUTH. Fails when a credential file is missing or empty.
rpc_auth() {
  if [ -n "${_RPC_AUTH:-}" ]; then return 0; fi
  _user="$(secret rpc-username)" || return 1
  _pass="$(secret rpc-password)" || return 1
  _RPC_AUTH="user = \"$(curl_quote "$_user"):$(curl_quote "$_pass")\""
}

# Raw JSON-RPC 1.0 POST: rpc_call URL METHOD [PARAMS_JSON]. Prints the body, a newline and the
# HTTP status. Fails with curl's status when nothing answered (refused, timeout), or with 99
# when a credential file is missing. Credentials reach curl on stdin (-K -), so they never
# appear in the process list.
rpc_call() {
  rpc_auth || return 99
  printf '%s\n' "$_RPC_AUTH" |
    curl -s -m "${RPC_TIMEOUT:-5}" --noproxy '*' -K - \
      -H 'content-type: application/json' \
      --data "{\"jsonrpc\":\"1.0\",\"id\":\"probe\",\"method\":\"$2\",\"params\":${3:-[]}}" \
      -w '\n%{http_code}' \
      "$1"
}

# JSON-RPC call with the answer classified: rpc_ask URL METHOD [PARAMS_JSON [NAME=JQ_PATH...]].
# Prints nothing. Sets RPC_RESULT (the JSON result) and each NAME to that field of the result (as
# text(), below) and returns 0, or sets RPC_FAILURE (why, in one line) and returns:
#   2  the RPC is down (nothing answered)
#   3  an answer that is not JSON-RPC (e.g. HTTP 401 for wrong credentials), or a credential file is missing
#   4  a JSON-RPC error; RPC_ERROR_CODE and RPC_ERROR_MESSAGE are set
# (bitcoind answers JSON-RPC 1.0 errors with HTTP 500 and the error in the body.)
# shellcheck disable=SC2034 # RPC_* are the function's results, read by the callers
rpc_ask() {
  RPC_RESULT=""
  RPC_ERROR_CODE=""
  RPC_ERROR_MESSAGE=""
  RPC_FAILURE=""
  _url="$1"
  _method="$2"
  _params="${3:-[]}"
  shift 2
  if [ "$#" -gt 0 ]; then shift; fi
  json_fields_program "$@" || return 2
  _status=0
  # rpc_auth outside the command substitution: the credentials are read once, not on every call.
  if rpc_auth 2>/dev/null; then
    _out="$(rpc_call "$_url" "$_method" "$_params" 2>/dev/null)" || _status=$?
  else
    _status=99
  fi
  if [ "$_status" -eq 99 ]; then
    RPC_FAILURE="cannot call $_method: credential file ${SECRETS_DIR:-/secrets}/rpc-username or rpc-password is missing or empty"
    return 3
  fi
  if [ "$_status" -ne 0 ]; then
    RPC_FAILURE="RPC down: no answer from $_url to $_method ($(curl_failure "$_status"))"
    return 2
  fi
  http_split "$_out"
  # One jq for the whole answer and the fields asked for (each jq start costs tens of milliseconds,
  # on every probe of every pod), printing shell assignments; nothing for an answer that is not
  # JSON-RPC. jq -n with `input` reads the first JSON value only and fails on an empty body
  # (plain `jq -e` accepts one in jq 1.6).
  _kind=""
  _assignments="$(printf '%s' "$_body" | jq -nr "$_JQ_TEXT input | select(type == \"object\" and has(\"result\"))
    | if (.error.code? // null) != null
      then \"_kind=error\", \"RPC_ERROR_CODE=\" + (text(.error.code) | @sh), \"RPC_ERROR_MESSAGE=\" + (text(.error.message? // \"\") | @sh)
      else \"_kind=result\", \"RPC_RESULT=\" + (.result | tojson | @sh), (.result | $_FIELDS_PROGRAM) end" 2>/dev/null)" || _assignments=""
  eval "$_assignments"
  case "$_kind" in
    result) ;;
    error)
      RPC_FAILURE="RPC error $RPC_ERROR_CODE from $_method: $(excerpt "$RPC_ERROR_MESSAGE")"
      return 4
      ;;
    *)
      RPC_FAILURE="unexpected answer from $_url to $_method (HTTP $_status): $(excerpt "$_body")"
      return 3
      ;;
  esac
}

# Splits curl's output with -w '\n%{http_code}' into _body and _status (the last line), in the
# shell: no process for what a parameter expansion does.
http_split() {
  _status="${1##*"$_NL"}"
  _body="${1%"$_NL"*}"
}

# rpc_ask that also prints RPC_FAILURE: rpc URL METHOD [PARAMS_JSON] (blockbook's init waits for its backend with it).
rpc() {
  rpc_ask "$@" || {
    _status=$?
    say "$RPC_FAILURE"
    return "$_status"
  }
}

# bitcoind's RPC_IN_WARMUP: "Loading block index", "Verifying blocks", "Rewinding blocks"...
# shellcheck disable=SC2034 # read by the callers
RPC_IN_WARMUP=-28

# HTTP GET of a JSON document, without credentials: http_json URL [NAME=JQ_PATH...]. Prints
# nothing. Sets HTTP_BODY and each NAME to that field of the document (as text(), below) and
# returns 0 on HTTP 200 with a JSON object; otherwise sets HTTP_FAILURE (why, in one line) and
# returns 2 (nothing answered), 3 (another HTTP status) or 4 (not a JSON object).
# shellcheck disable=SC2034 # HTTP_* are the function's results, read by the callers
http_json() {
  HTTP_BODY=""
  HTTP_FAILURE=""
  _url="$1"
  shift
  json_fields_program "$@" || return 2
  _status=0
  _out="$(curl -s -m "${RPC_TIMEOUT:-5}" --noproxy '*' -w '\n%{http_code}' "$_url" 2>/dev/null)" || _status=$?
  if [ "$_status" -ne 0 ]; then
    HTTP_FAILURE="$_url does not answer ($(curl_failure "$_status"))"
    return 2
  fi
  http_split "$_out"
  if [ "$_status" != 200 ]; then
    HTTP_FAILURE="$_url answers HTTP $_status: $(excerpt "$_body")"
    return 3
  fi
  # The object check and the fields in one jq.
  _assignments="$(printf '%s' "$_body" | jq -nr "$_JQ_TEXT input | select(type == \"object\") | \"_object=yes\", $_FIELDS_PROGRAM" 2>/dev/null)" || _assignments=""
  _object=""
  eval "$_assignments"
  if [ "$_object" != yes ]; then
    HTTP_FAILURE="$_url answers HTTP 200 without a JSON object: $(excerpt "$_body")"
    return 4
  fi
  HTTP_BODY="$_body"
}

# HTTP for the images without curl or wget: http_request HOST PORT METHOD PATH [JSON_BODY].
# Prints nothing. Sets HTTP_STATUS (e.g. 200) and HTTP_BODY (on one line) and returns 0 on any
# HTTP answer; otherwise sets HTTP_FAILURE (why, in one line) and returns 2.
# A child bash connects with /dev/tcp, sends the request and reads the answer with its builtins
# only, so that timeout, which bounds the whole exchange to RPC_TIMEOUT, leaves no orphan behind
# when it kills the child on a hang (the container's PID 1 is the node, which reaps no orphans).
# Requests are HTTP/1.0 with "Connection: close": the server sends the body unchunked and
# closes the connection when done, so the rest of the stream is the body. The child prints the
# status line, then the body without control characters (JSON has none but whitespace).
# shellcheck disable=SC2034 # HTTP_* are the function's results, read by the callers
http_request() {
  HTTP_STATUS=""
  HTTP_BODY=""
  HTTP_FAILURE=""
  _status=0
  # shellcheck disable=SC2016 # $1..$5 are the child's arguments, expanded by the child
  _answer="$(LC_ALL=C timeout "${RPC_TIMEOUT:-5}" bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 3
    if [ -n "$5" ]; then printf -v content "Content-Type: application/json\r\nContent-Length: %s\r\n" "${#5}"; fi
    printf "%s %s HTTP/1.0\r\nHost: %s:%s\r\nAccept: application/json\r\nConnection: close\r\n%s\r\n%s" "$3" "$4" "$1" "$2" "${content:-}" "$5" >&3
    IFS= read -r line <&3 || exit 4
    printf "%s\n" "${line%[[:cntrl:]]}"
    while IFS= read -r line <&3 && [ -n "${line%[[:cntrl:]]}" ]; do :; done
    IFS= read -r -d "" body <&3
    printf "%s" "${body//[[:cntrl:]]/}"' http_request "$1" "$2" "$3" "$4" "${5:-}" 2>/dev/null)" || _status=$?
  case "$_status" in
    0) ;;
    3) HTTP_FAILURE="cannot connect to $1:$2" ;;
    4) HTTP_FAILURE="$1:$2 closed the connection without answering" ;;
    124) HTTP_FAILURE="no complete answer from $1:$2 within ${RPC_TIMEOUT:-5}s" ;;
    *) HTTP_FAILURE="no answer from $1:$2 (status $_status)" ;;
  esac
  if [ -n "$HTTP_FAILURE" ]; then return 2; fi
  _line="${_answer%%"$_NL"*}"
  case "$_line" in
    HTTP/[0-9]*' '[1-5][0-9][0-9]*) ;;
    *)
      HTTP_FAILURE="$1:$2 answers no HTTP: $(excerpt "$_line")"
      return 2
      ;;
  esac
  _line="${_line#* }"
  HTTP_STATUS="${_line%"${_line#???}"}"
  case "$_answer" in
    *"$_NL"*) HTTP_BODY="${_answer#*"$_NL"}" ;;
  esac
}

# A newline, a tab and a carriage return, for the parameter expansions that split on them.
_NL='
'
_TAB='	'
_CR="$(printf '\r')"
# A pattern matching any 200 characters.
_200_CHARACTERS='????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????'

# The value of the last member NAME of a one-line JSON text, and everything after it (no structure is
# read): sets _MEMBER. json_member TEXT NAME.
# Fails when there is no such member.
json_member() {
  case "$1" in
    *"\"$2\""*) ;;
    *) return 1 ;;
  esac
  _MEMBER="${1##*"\"$2\""}"
  _MEMBER="${_MEMBER#"${_MEMBER%%[![:blank:]]*}"}"
  case "$_MEMBER" in
    :*) _MEMBER="${_MEMBER#:}" ;;
    *) return 1 ;;
  esac
  _MEMBER="${_MEMBER#"${_MEMBER%%[![:blank:]]*}"}"
}

# A scalar member of a JSON text on one line (as HTTP_BODY is), for the images without jq:
# json_scalar JSON NAME. Prints a string's characters (without the quotes; one holding a quote
# or backslash fails) or a number, true, false or null as written. Reads no structure: only for a
# name that occurs once in the text (the last occurrence wins). Fails when the member is absent or
# not a scalar. Parameter expansions only: no process on every probe.
json_scalar() {
  json_member "$1" "$2" || return 1
  case "$_MEMBER" in
    '"'*'"'*)
      _scalar="${_MEMBER#'"'}"
      _scalar="${_scalar%%'"'*}"
      case "$_scalar" in *\\*) return 1 ;; esac
      ;;
    *) _scalar="${_MEMBER%%[!-+.0-9A-Za-z]*}" ;;
  esac
  [ -n "$_scalar" ] || return 1
  printf '%s\n' "$_scalar"
}

# A quantity ("0x" and 1 to 15 hex digits, so that the shell's arithmetic cannot overflow) as a
# decimal: sets _QUANTITY. hex_quantity TEXT. Fails on any other text.
hex_quantity() {
  case "$1" in
    0x*) ;;
    *) return 1 ;;
  esac
  case "${1#0x}" in
    '' | *[!0-9a-fA-F]* | ????????????????*) return 1 ;;
  esac
  _QUANTITY=$(($1))
}

# The jq definition of text(f): a field as text (strings raw, anything else as JSON; "null" when
# absent or when the path does not apply).
_JQ_TEXT='def text(f): [try f catch null] | if length == 0 then "null"
  else .[0] | if type == "string" then . else tojson end end;'

# The jq program printing a shell assignment for each NAME=JQ_PATH, its field of jq's input quoted
# by jq for the shell (@sh): sets _FIELDS_PROGRAM ("empty" for none). Fails on an invalid NAME.
json_fields_program() {
  _FIELDS_PROGRAM=""
  for _field in "$@"; do
    case "${_field%%=*}" in
      '' | [0-9]* | *[!A-Za-z0-9_]*)
        say "invalid variable name in $_field" >&2
        return 2
        ;;
    esac
    _FIELDS_PROGRAM="$_FIELDS_PROGRAM${_FIELDS_PROGRAM:+, }\"${_field%%=*}=\" + (text(${_field#*=}) | @sh)"
  done
  : "${_FIELDS_PROGRAM:=empty}"
}

# Whether a text is an integer as JSON writes one (as text() gives a number field): is_int TEXT.
is_int() {
  case "$1" in
    '' | - | *[!0-9-]* | ?*-*) return 1 ;;
  esac
}

# An integer field of a JSON document: json_int JSON JQ_PATH. Fails when absent or not a number.
# A JSON text that is an integer itself (a JSON-RPC result such as getblockcount's) needs no jq.
json_int() {
  if [ "$2" = . ] && is_int "$1"; then
    printf '%s\n' "$1"
    return 0
  fi
  printf '%s' "$1" | jq -ner "input | $2 | if type == \"number\" then floor else error(\"not a number\") end" 2>/dev/null
}

# Liveness by progress: passes while HEIGHT has changed within LIVENESS_WINDOW_SECONDS.
# Never fails on the first run after a start (init clears the state, see liveness_reset)
# and never looks at sync status: a node catching up advances, and a node at the tip
# advances with the chain. Any change counts (a reorg to a lower height is activity).
# Usage: height_advanced HEIGHT STATE_NAME
height_advanced() {
  _state="${DATA_DIR:-/data}/.liveness-$2"
  _window="$(setting LIVENESS_WINDOW_SECONDS 3600)" || return 1
  _now="$(date +%s)"
  _last_height=""
  _last_change=""
  if [ -f "$_state" ]; then
    read -r _last_height _last_change <"$_state" || true
  fi
  case "$_last_height:$_last_change" in
    *[!0-9:]* | :* | *:)
      liveness_record "$1" "$2"
      say "alive: first check, height $1 recorded"
      return 0
      ;;
  esac
  if [ "$1" != "$_last_height" ]; then
    liveness_record "$1" "$2"
    say "alive: height $1 (was $_last_height)"
    return 0
  fi
  _stuck=$((_now - _last_change))
  if [ "$_window" -gt 0 ] && [ "$_stuck" -gt "$_window" ]; then
    say "not alive: height stuck at $1 for ${_stuck}s (window ${_window}s)"
    return 1
  fi
  say "alive: height $1 unchanged for ${_stuck}s (window ${_window}s)"
}

# Records HEIGHT as seen now: liveness_record HEIGHT STATE_NAME.
liveness_record() {
  _state="${DATA_DIR:-/data}/.liveness-$2"
  printf '%s %s\n' "$1" "$(date +%s)" >"$_state.tmp" && mv -f "$_state.tmp" "$_state"
}

# Forgets the recorded height (init calls it), so the first liveness check after
# a restart records instead of comparing against a height from before the restart.
liveness_reset() {
  rm -f "${DATA_DIR:-/data}/.liveness-$1" "${DATA_DIR:-/data}/.liveness-$1.tmp"
}

# Init scripts: from this call until exec, TERM and INT stop the script at once (exit 143),
# killing what `interruptible` is waiting for. Before exec the init script is PID 1, and a
# shell runs a trap only between commands, so a stop during a long foreground step would wait
# out the pod's grace period. exec resets the trap for the daemon. The message goes to stderr:
# stdout may be redirected into a file by the `interruptible` call the signal interrupts.
# stop_before_start WHAT
stop_before_start() {
  _starting="$1"
  _pending=""
  trap stop_now TERM INT
}

# The TERM/INT handler of stop_before_start. It kills $! as well as $_pending: a signal that lands
# after interruptible forked its command but before it noted the PID would otherwise leave that
# command running, holding the container's output open. KILL, not TERM: a child still between fork
# and exec holds the shell's trap, takes a TERM as a pending trap and loses it when it execs. What
# is killed is only a wait (sleep, an RPC call), never the daemon, which is not started yet.
stop_now() {
  for _child in "$_pending" "${!:-}"; do
    if [ -n "$_child" ]; then kill -KILL "$_child" 2>/dev/null || true; fi
  done
  say "stopping before $_starting started" >&2
  exit 143
}

# Runs a command in the background and waits for it, so a trapped TERM or INT is handled at
# once; returns the command's status. interruptible CMD [ARG...]
interruptible() {
  "$@" &
  _pending=$!
  _status=0
  wait "$_pending" || _status=$?
  _pending=""
  return "$_status"
}

# Runs a command until it succeeds, both the tries and the pauses between them interruptible,
# saying what it waits for. wait_until WHAT INTERVAL CMD [ARG...]
wait_until() {
  _what="$1"
  _interval="$2"
  shift 2
  until interruptible "$@"; do
    say "waiting ${_interval}s for $_what"
    interruptible sleep "$_interval"
  done
}

# This pod's public P2P address when p2p.exposure is not none, for the daemon to advertise:
# sets ADVERTISE_HOST (empty when the pod takes no inbound peers), ADVERTISE_PORT and
# ADVERTISE_HOST_KIND (dns for a LoadBalancer's p2p-<index> name, ip for a NodePort's node IP).
# Environment set by the construct: P2P_EXPOSURE, POD_INDEX, P2P_ADVERTISE_HOST |
# P2P_ADVERTISE_HOST_TEMPLATE, P2P_ADVERTISE_PORT_STRIDE, P2P_PORT_NAME,
# P2P_ADVERTISE_PORT_BASE_<P2P_PORT_NAME>.
# shellcheck disable=SC2034 # the ADVERTISE_* results are read by the init scripts
p2p_advertised() {
  ADVERTISE_HOST=""
  ADVERTISE_PORT=""
  ADVERTISE_HOST_KIND=""
  if [ -z "${P2P_EXPOSURE:-}" ]; then return 0; fi
  _index="$(setting POD_INDEX)" || return 2
  _base="$(setting "P2P_ADVERTISE_PORT_BASE_${P2P_PORT_NAME:?}")" || return 2
  _stride="$(setting P2P_ADVERTISE_PORT_STRIDE 0)" || return 2
  ADVERTISE_PORT=$((_base + _stride * _index))
  if [ -n "${P2P_ADVERTISE_HOST_TEMPLATE:-}" ]; then
    ADVERTISE_HOST="$(printf '%s' "$P2P_ADVERTISE_HOST_TEMPLATE" | sed "s/{index}/$_index/g")"
    ADVERTISE_HOST_KIND=dns
  elif [ -n "${P2P_ADVERTISE_HOST:-}" ]; then
    ADVERTISE_HOST="$P2P_ADVERTISE_HOST"
    ADVERTISE_HOST_KIND=ip
  else
    say "P2P_ADVERTISE_HOST or P2P_ADVERTISE_HOST_TEMPLATE is required" >&2
    return 2
  fi
}
