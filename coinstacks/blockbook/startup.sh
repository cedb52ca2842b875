#!/bin/sh
# Started once blockbook's public API answers.
set -eu
. /probe-lib.sh
probe_kill_switch startup
http_get "http://127.0.0.1:${BLOCKBOOK_PORT:-8001}/api/v2" >/dev/null
