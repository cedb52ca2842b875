#!/usr/bin/env bash
# Validates every synthesized stack against the real provider schemas, without credentials
# (README, "CI: plan review and deploys"; run by .github/workflows/validate.yml):
#
#   terraform init -backend=false -input=false    downloads the providers, leaves the backend alone
#   terraform validate -no-color
#
# in each cdktf.out/stacks/<stack> (CDKTF_OUTDIR selects another synth directory). Every stack is
# validated; each invalid one is named as soon as it is found (a GitHub error annotation under
# Actions), and the exit status is 1 when any was invalid, listing them all at the end.
# TF_PLUGIN_CACHE_DIR, when set, lets the stacks share one download of each provider.
set -euo pipefail

outdir=${CDKTF_OUTDIR:-cdktf.out}
shopt -s nullglob
dirs=("$outdir"/stacks/*/)
if ((${#dirs[@]} == 0)); then
  echo "validate-stacks: no stack directory in $outdir/stacks; run npm run synth first" >&2
  exit 1
fi

# Workflow commands (log groups, error annotations) only under GitHub Actions.
actions() {
  if [[ ${GITHUB_ACTIONS:-false} == true ]]; then echo "$1"; fi
}

failed=()
for dir in "${dirs[@]}"; do
  stack=$(basename "$dir")
  actions "::group::$stack"
  if terraform -chdir="$dir" init -backend=false -input=false -no-color && terraform -chdir="$dir" validate -no-color; then
    valid=true
  else
    valid=false
  fi
  actions "::endgroup::"
  if [[ $valid == true ]]; then
    echo "validate-stacks: $stack is valid"
  else
    failed+=("$stack")
    echo "validate-stacks: $stack is NOT valid Terraform (its output is above)" >&2
    actions "::error title=terraform validate::$stack is not valid Terraform"
  fi
done

if ((${#failed[@]} > 0)); then
  echo "validate-stacks: ${#failed[@]} of ${#dirs[@]} stacks invalid: ${failed[*]}" >&2
  exit 1
fi
echo "validate-stacks: all ${#dirs[@]} stacks valid"
