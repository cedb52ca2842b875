#!/bin/bash
# shellcheck shell=bash
# Beacon API helpers for the probes that run in the Lighthouse container itself
# (startup, liveness), sourced after probe-lib.sh (whose helpers it builds on). Mounted at
# /beacon-lib.sh; scripts source "${BEACON_LIB:-/beacon-lib.sh}" so tests can point
# at the repository copy.
#
# The Lighthouse image (Ubuntu with the lighthouse binary, libssl and CA certificates
# added) has no curl, wget or jq, and these probes must run in the Lighthouse container,
# because a failing liveness probe restarts only the container it is on. They speak HTTP
# with probe-lib's http_request (bash's /dev/tcp under coreutils' timeout) and read the
# answers with probe-lib's json_scalar (parameter expansions).

# An unsigned integer member of a JSON body, quoted ("123", as the beacon API sends
# numbers) or not: json_uint BODY NAME. Only for names that occur once in the document
# (json_scalar reads no structure). Fails when absent or not a number.
json_uint() {
  local value
  value="$(json_scalar "$1" "$2")" || return 1
  case "$value" in '' | *[!0-9]*) return 1 ;; esac
  printf '%s\n' "$value"
}
