#!/bin/sh
# shellcheck shell=sh
# Midgard's health (GET /v2/health), for its probes, sourced after probe-lib.sh and tip-lib.sh. Mounted
# at /midgard-lib.sh; scripts source "${MIDGARD_LIB:-/midgard-lib.sh}" so tests can point at the
# repository copy. The answer's members read here occur once each (inSync, scannerHeight: the next
# block it scans, as a string), read with probe-lib.sh's parameter expansions: the image has no jq.
# Shape read in midgard's internal/api/json.go and openapi/generated/oapigen (2.32.6).

# GET /v2/health: midgard_health. Sets MIDGARD_IN_SYNC (true or false) and MIDGARD_HEIGHT and returns
# 0, or sets MIDGARD_FAILURE (why, in one line) and returns 2 when nothing answered, 3 for any other answer.
# shellcheck disable=SC2034 # MIDGARD_* are the function's results, read by the callers
midgard_health() {
  MIDGARD_IN_SYNC=""
  MIDGARD_HEIGHT=""
  MIDGARD_FAILURE=""
  _url="http://127.0.0.1:${MIDGARD_PORT:?}/v2/health"
  _answer="$(http_text "$_url" "${RPC_TIMEOUT:-5}")" || {
    MIDGARD_FAILURE="Midgard down: no answer from $_url${_answer:+ ($_answer)}"
    return 2
  }
  if _in_sync="$(json_scalar "$_answer" inSync)" && { [ "$_in_sync" = true ] || [ "$_in_sync" = false ]; } \
    && _height="$(json_scalar "$_answer" scannerHeight)" && is_int "$_height"; then
    MIDGARD_IN_SYNC="$_in_sync"
    MIDGARD_HEIGHT="$_height"
    return 0
  fi
  MIDGARD_FAILURE="unexpected answer from $_url: $(excerpt "$_answer")"
  return 3
}
