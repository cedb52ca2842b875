#!/bin/sh
# Starts Midgard, THORChain's indexer, and becomes it with exec: it is the container's PID 1 and
# receives the kubelet's SIGTERM itself.
#
# Its config is the coin's (mounted at MIDGARD_CONFIG): thornode's RPC and API and TimescaleDB, all
# in the pod, and its block store on its volume. The database password is the generated one, read
# from the mounted Secret file: Midgard reads no password file, only its config files and
# MIDGARD_TIMESCALE_PASSWORD, so this script exports that variable right before exec. It is in
# Midgard's environment only (not in the pod's spec, where anyone who can read the StatefulSet would
# see it, and not in a file on the pod's shared /tmp). Names read in midgard's config/config.go at
# 2.32.6 (envconfig, prefix MIDGARD).
#
# Environment (set by the coin definition):
#   MIDGARD_CONFIG   the config file           MIDGARD_BINARY   default /midgard (the image's own path)
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

: "${MIDGARD_CONFIG:?}" "${DATA_DIR:?}"
password="$(secret timescale-password)"

# The first liveness check after this start records the height instead of comparing it.
liveness_reset indexer

hold_for_maintenance "midgard"
export MIDGARD_TIMESCALE_PASSWORD="$password"
exec "${MIDGARD_BINARY:-/midgard}" "$MIDGARD_CONFIG"
