#!/bin/sh
# Startup: passes once blockbook's public API answers GET /api/ with its status.
# /api/ is the one API path every pinned blockbook answers during its initial sync: since
# trezor/blockbook 95e965d (February 2025) every other path, /api/v2 included, answers
# HTTP 500 "Service unavailable" until the initial sync has finished, which takes days.
# Kill switch: $DATA_DIR/disable_startup.
# Environment: BLOCKBOOK_PORT (default 8001), RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
probe_kill_switch startup

port="$(setting BLOCKBOOK_PORT 8001)"
best=""
http_json "http://127.0.0.1:$port/api/" best=.blockbook.bestHeight || { say "not started: $HTTP_FAILURE"; exit 1; }
is_int "$best" || { say "not started: no blockbook status in the answer: $(excerpt "$HTTP_BODY")"; exit 1; }
say "started: blockbook's API answers (indexed height $best)"
