#!/bin/sh
# Starts thornode through its image's own full-node script and lets it become thornode: the script
# (/scripts/fullnode.sh) renders thornode's config from its defaults and THOR_* variables, fetches
# the genesis from its seeds when it has none, and execs `thornode start`, so thornode ends up the
# container's PID 1 and receives the kubelet's SIGTERM itself. The script takes no arguments.
#
# Its home is on the volume: HOME is the data directory, so ~/.thornode is $DATA_DIR/.thornode (the
# image would use /root). The seeds come from THOR_SEED_NODES_ENDPOINT (the network's node list; Nine
# Realms, the image's default, shut down in April 2026). Auto state sync stays off: its default peers
# were Nine Realms' too. A node without a chain replays from the genesis, across every software
# upgrade since, which one image cannot do: seed its volume from a snapshot of a synced node instead.
# Names read in thornode's build/scripts (fullnode.sh, core.sh) and config/default.yaml (a GitHub
# mirror at 3.9.0; the image runs a newer release).
#
# Environment (set by the coin definition, overridable per service in config):
#   NET, CHAIN_ID                 mainnet, thorchain-1
#   THOR_SEED_NODES_ENDPOINT      where the seeds are listed
#   THOR_*                        any other thornode setting
#   THORNODE_FULLNODE_SCRIPT      default /scripts/fullnode.sh (the image's own path)
set -eu
# shellcheck source=SCRIPTDIR/../../lib/probe-lib.sh
. "${PROBE_LIB:-/probe-lib.sh}"

: "${NET:?}" "${CHAIN_ID:?}" "${DATA_DIR:?}"
export HOME="$DATA_DIR"

# The first liveness check after this start records the height instead of comparing it.
liveness_reset daemon

hold_for_maintenance "thornode"
exec "${THORNODE_FULLNODE_SCRIPT:-/scripts/fullnode.sh}"
