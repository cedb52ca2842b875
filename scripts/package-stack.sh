#!/usr/bin/env bash
# Packages one synthesized stack for an API-driven Terraform Cloud run: the
# contents of cdktf.out/stacks/<stack> as a .tar.gz to upload as a
# configuration version (README, "Terraform Cloud").
#
#   scripts/package-stack.sh <stack> [output.tar.gz]     (default: <stack>.tar.gz)
#
# CDKTF_OUTDIR selects another synth directory (default cdktf.out). Left out:
# .terraform/ (providers and modules of a local init), state files and saved
# plans. .terraform.lock.hcl is kept so the run installs the providers you
# locked. With GNU tar the archive is reproducible (sorted, fixed owner and
# time), so the same synth gives the same bytes.
set -euo pipefail

usage() {
  echo "usage: $0 <stack> [output.tar.gz]" >&2
  exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || usage
stack=$1
if [[ ! $stack =~ ^[A-Za-z0-9_-]+$ ]]; then
  echo "package-stack: not a stack name: $stack" >&2
  exit 2
fi

outdir=${CDKTF_OUTDIR:-cdktf.out}
dir="$outdir/stacks/$stack"
if [[ ! -f $dir/cdk.tf.json ]]; then
  available=$(find "$outdir/stacks" -mindepth 1 -maxdepth 1 -type d -printf '%f ' 2>/dev/null || true)
  echo "package-stack: $dir/cdk.tf.json not found; run npm run synth first (synthesized: ${available:-none})" >&2
  exit 1
fi

output=${2:-$stack.tar.gz}
case $output in
  /*) ;;
  *) output="$PWD/$output" ;;
esac

if ! grep -q '"cloud"' "$dir/cdk.tf.json"; then
  echo "package-stack: warning: $stack has no cloud backend; in a Terraform Cloud run its state lives in the workspace, not where this stack's backend says" >&2
fi

excludes=(--exclude=./.terraform --exclude='./*.tfstate' --exclude='./*.tfstate.*' --exclude=./tfplan --exclude='./*.tfplan')
reproducible=()
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  reproducible=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner)
fi

# gzip -n drops the file name and time from the gzip header.
tar "${excludes[@]}" "${reproducible[@]}" -C "$dir" -cf - . | gzip -n > "$output"
echo "$output"
