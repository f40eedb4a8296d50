#!/usr/bin/env bash
# Lint every *.template.json of the given cloud assembly directories with cfn-lint.
#
#   test/cfn-lint/run.sh [--synth] [--show-informational] [DIR...]
#
# DIR defaults to example/cdk.out and test/cfn-lint/cdk.out. --synth first writes them:
# `npx projen example` (example/cdk.out) and test/cfn-lint/synth.ts (the compliance
# scenarios, test/cfn-lint/cdk.out).
#
# cfn-lint (pinned below) is installed from PyPI into a venv inside the clone, .venv-cfnlint
# (git-ignored; override with CFNLINT_VENV). Errors fail; warnings fail unless allowed, with a
# reason, in test/cfn-lint/.cfnlintrc.yaml.
set -euo pipefail

CFN_LINT_VERSION=1.58.0
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${CFNLINT_VENV:-$root/.venv-cfnlint}"

synth=false
lint_args=()
dirs=()
for arg in "$@"; do
  case "$arg" in
    --synth) synth=true ;;
    --show-informational) lint_args+=("$arg") ;;
    -*) echo "unknown option: $arg" >&2; exit 2 ;;
    *) dirs+=("$arg") ;;
  esac
done
if [ ${#dirs[@]} -eq 0 ]; then
  dirs=("$root/example/cdk.out" "$root/test/cfn-lint/cdk.out")
fi

if [ ! -x "$venv/bin/cfn-lint" ] || [ "$("$venv/bin/cfn-lint" --version 2>/dev/null)" != "cfn-lint $CFN_LINT_VERSION" ]; then
  echo "installing cfn-lint $CFN_LINT_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
fi

if $synth; then
  (cd "$root" && npx projen example >/dev/null)
  (cd "$root" && npx ts-node --transpile-only --project tsconfig.dev.json test/cfn-lint/synth.ts)
fi

exec "$venv/bin/python" "$here/lint.py" --config "$here/.cfnlintrc.yaml" --cfn-lint "$venv/bin/cfn-lint" "${lint_args[@]}" "${dirs[@]}"
