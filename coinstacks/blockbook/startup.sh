#!/bin/sh
# Startup: passes once blockbook's public API answers GET /api/v2.
# Kill switch: $DATA_DIR/disable_startup.
# Environment: BLOCKBOOK_PORT (default 8001), RPC_TIMEOUT.
set -eu
# shellcheck source=SCRIPTDIR/../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"
probe_kill_switch startup

if ! http_get "http://127.0.0.1:$(setting BLOCKBOOK_PORT 8001)/api/v2" >/dev/null; then
  say "not started: blockbook's API does not answer"
  exit 1
fi
say "started: blockbook's API answers"
