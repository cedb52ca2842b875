#!/bin/sh
# shellcheck shell=sh
# The chain tip, for the readiness of nodes whose images have wget or curl but maybe no jq (geth,
# gaiad, thornode, heimdall) or no wget (the monitor container): one HTTP exchange, and the height
# compared with third-party reference endpoints. Sourced after probe-lib.sh (whose say, setting,
# excerpt and probe_metric it uses). Mounted at /tip-lib.sh; scripts source "${TIP_LIB:-/tip-lib.sh}"
# so tests can point at the repository copy.

# One HTTP exchange: http_text URL TIMEOUT [POST_JSON], one try within TIMEOUT seconds, a GET, or a
# POST of a JSON body, through wget where the image has it, else through curl. Prints the body on
# one line; when nothing answered or on an HTTP error status it fails (status 2) and prints one
# line of what the client said, if anything (busybox's wget says why even with -q; GNU wget -q says
# nothing; curl -sS says why, -f fails on HTTP >= 400). busybox ignores -t.
# A subshell: it joins the answer's lines by field splitting, with its own IFS.
http_text() (
  _url="$1"
  _body="${3:-}"
  if command -v wget >/dev/null; then
    _client=wget
    set -- wget -q -t 1 -T "$2" -O -
    if [ -n "$_body" ]; then set -- "$@" --header 'Content-Type: application/json' --post-data "$_body"; fi
  else
    _client=curl
    set -- curl -sS -f -m "$2" --noproxy '*'
    if [ -n "$_body" ]; then set -- "$@" -H 'Content-Type: application/json' --data "$_body"; fi
  fi
  _answer="$("$@" "$_url" 2>&1)" || {
    excerpt "${_answer#"$_client": }"
    return 2
  }
  set -f
  IFS="$_CR$_NL"
  # shellcheck disable=SC2086 # split on purpose, on line breaks only
  set -- $_answer
  IFS=""
  printf '%s' "$*"
)

# Sets LOWEST to the $1-th lowest of the heights that follow (no sort process on every probe).
nth_lowest() {
  _n="$1"
  shift
  LOWEST=""
  for _candidate in "$@"; do
    _at_or_below=0
    for _other in "$@"; do
      if [ "$_other" -le "$_candidate" ]; then _at_or_below=$((_at_or_below + 1)); fi
    done
    if [ "$_at_or_below" -ge "$_n" ] && { [ -z "$LOWEST" ] || [ "$_candidate" -lt "$LOWEST" ]; }; then LOWEST="$_candidate"; fi
  done
}

# The last step of a readiness: reference_check HEIGHT STATE ASK, where STATE is what the probe saw
# besides the height (e.g. "25 peers") and ASK URL TIMEOUT sets REFERENCE_HEIGHT or, failing,
# REFERENCE_FAILURE. Ready (0) when HEIGHT >= reference height - BLOCK_TOLERANCE (default 5) for at
# least REFERENCE_QUORUM (default 1) of the REFERENCE_ENDPOINTS that answer, each asked with
# REFERENCE_TIMEOUT (default 3 s); says why in its last line either way. The references are
# third-party endpoints (comma-separated URLs; synth refuses any with credentials in them). When none
# answers, the check fails open: a provider's outage must not take our nodes out of service, and the
# node's own state still holds. When fewer than REFERENCE_QUORUM answer, every one that answers must
# agree. No REFERENCE_ENDPOINTS: no reference check. Probe metric sync_lag_blocks: the needed-th
# lowest answering reference's height minus ours (readiness holds exactly while it is at most
# BLOCK_TOLERANCE); none when no reference answers. Its variables are _rc_*: ASK's own (comet_status's
# _height, say) must not overwrite them, as the shell has no local variables.
reference_check() {
  _rc_height="$1"
  _rc_state="$2"
  _rc_ask="$3"
  _rc_tolerance="$(setting BLOCK_TOLERANCE 5)" || return 1
  _rc_quorum="$(setting REFERENCE_QUORUM 1)" || return 1
  _rc_reference_timeout="$(setting REFERENCE_TIMEOUT 3)" || return 1
  _rc_answered=0
  _rc_agreeing=0
  _rc_bests=""
  set -f
  IFS=,
  for _rc_reference in ${REFERENCE_ENDPOINTS:-}; do
    unset IFS
    _rc_reference="${_rc_reference#"${_rc_reference%%[! ]*}"}"
    _rc_reference="${_rc_reference%"${_rc_reference##*[! ]}"}"
    [ -n "$_rc_reference" ] || continue
    if ! "$_rc_ask" "$_rc_reference" "$_rc_reference_timeout"; then
      say "reference $_rc_reference: no usable answer ($REFERENCE_FAILURE)"
      continue
    fi
    _rc_bests="$_rc_bests $REFERENCE_HEIGHT"
    _rc_answered=$((_rc_answered + 1))
    if [ "$_rc_height" -ge $((REFERENCE_HEIGHT - _rc_tolerance)) ]; then
      _rc_agreeing=$((_rc_agreeing + 1))
      say "reference $_rc_reference: at $REFERENCE_HEIGHT, we are within $_rc_tolerance"
    else
      say "reference $_rc_reference: at $REFERENCE_HEIGHT, we are $((REFERENCE_HEIGHT - _rc_height)) behind"
    fi
  done
  unset IFS
  set +f

  if [ "$_rc_answered" -eq 0 ]; then
    if [ -n "${REFERENCE_ENDPOINTS:-}" ]; then
      say "ready: block $_rc_height, $_rc_state; no reference endpoint answered, failing open"
    else
      say "ready: block $_rc_height, $_rc_state (no reference endpoints configured)"
    fi
    return 0
  fi
  _rc_needed="$_rc_quorum"
  if [ "$_rc_answered" -lt "$_rc_needed" ]; then _rc_needed="$_rc_answered"; fi
  # shellcheck disable=SC2086 # _rc_bests is a list of integers
  nth_lowest "$_rc_needed" $_rc_bests
  probe_metric sync_lag_blocks $((LOWEST - _rc_height))
  if [ "$_rc_agreeing" -lt "$_rc_needed" ]; then
    say "not ready: block $_rc_height is more than $_rc_tolerance behind for $((_rc_answered - _rc_agreeing)) of $_rc_answered references (need $_rc_needed within tolerance)"
    return 1
  fi
  say "ready: block $_rc_height, $_rc_state, within $_rc_tolerance of $_rc_agreeing of $_rc_answered references"
}
