#!/bin/bash
# shellcheck shell=bash
# Beacon API helpers for the probes that run in the Lighthouse container itself
# (startup, liveness), sourced after probe-lib.sh (whose say it uses). Mounted at
# /beacon-lib.sh; scripts source "${BEACON_LIB:-/beacon-lib.sh}" so tests can point
# at the repository copy.
#
# bash, not POSIX sh: the Lighthouse image (Ubuntu with the lighthouse binary, libssl
# and CA certificates added) has no curl, wget or jq, and these probes must run in the
# Lighthouse container, because a failing liveness probe restarts only the container
# it is on. bash's /dev/tcp is the HTTP client, coreutils' timeout bounds it, sed reads
# the answers. Requests are HTTP/1.0: the server then sends the body unchunked and
# closes the connection when done, so reading to the end of the stream is the body.

# GET a path of the beacon API on 127.0.0.1: beacon_get PORT PATH. Prints nothing. Sets
# HTTP_STATUS (e.g. 200) and HTTP_BODY (on one line) and returns 0 on any HTTP answer;
# returns 2 when nothing answered within RPC_TIMEOUT (refused, timed out, not HTTP), with
# HTTP_FAILURE saying so in one line.
# shellcheck disable=SC2034 # HTTP_* are the function's results, read by the callers
beacon_get() {
  local answer status_line
  HTTP_STATUS=""
  HTTP_BODY=""
  HTTP_FAILURE=""
  # The child bash connects, sends the request and copies the answer to stdout;
  # timeout kills it when the connection or the answer hangs.
  # shellcheck disable=SC2016 # $1 and $2 are the child's arguments, expanded by the child
  answer="$(timeout "${RPC_TIMEOUT:-5}" bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 2
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nAccept: application/json\r\n\r\n" "$2" "$1" >&3
    cat <&3' beacon_get "$1" "$2" 2>/dev/null)" || true
  status_line="${answer%%$'\n'*}"
  HTTP_STATUS="$(printf '%s' "$status_line" | sed -n 's|^HTTP/[0-9.]* \([0-9][0-9][0-9]\).*|\1|p')"
  if [ -z "$HTTP_STATUS" ]; then
    HTTP_FAILURE="nothing answered at 127.0.0.1:$1$2 within ${RPC_TIMEOUT:-5}s"
    return 2
  fi
  # The body follows the first empty line (CRLF CRLF) after the headers.
  case "$answer" in
    *$'\r\n\r\n'*) HTTP_BODY="$(printf '%s' "${answer#*$'\r\n\r\n'}" | tr -d '\r\n')" ;;
  esac
}

# An unsigned integer field of a JSON body, quoted ("123", as the beacon API sends
# numbers) or not: json_uint BODY FIELD. Only for names that occur once in the
# document (sed reads no structure). Fails when absent or not a number.
json_uint() {
  local value
  value="$(printf '%s' "$1" | sed -n "s/.*\"$2\"[[:space:]]*:[[:space:]]*\"\{0,1\}\([0-9]\{1,20\}\)[\",}[:space:]].*/\1/p")"
  [ -n "$value" ] || return 1
  printf '%s\n' "$value"
}
