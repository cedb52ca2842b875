#!/bin/sh
# Alive while blockbook's indexed height keeps advancing (see height_advanced).
set -eu
. /probe-lib.sh
probe_kill_switch liveness
best="$(http_get "http://127.0.0.1:${BLOCKBOOK_PORT:-8001}/api/v2" | jq -er '.blockbook.bestHeight')"
height_advanced "$best" indexer
