#!/usr/bin/env bash
# Kubernetes tier: every manifest under deploy/kubernetes/ validates, strictly (no unknown
# fields), against Kubernetes' OpenAPI schemas with kubernetes-validate (PyPI, pinned;
# schemas ship inside the package, so validation is offline). A manifest with a misspelt
# field must fail, so the check cannot pass vacuously. The venv is cached under
# ${GD_FLEET_CACHE:-~/.cache/gpudoctor-fleet}.
set -u
. "$(dirname "$0")/lib.sh"

cache=${GD_FLEET_CACHE:-$HOME/.cache/gpudoctor-fleet}
venv="$cache/venv"
kv="$venv/bin/kubernetes-validate"
if ! "$kv" --version >/dev/null 2>&1; then
  { python3 -m venv "$venv" >/dev/null && "$venv/bin/pip" install -q --disable-pip-version-check "kubernetes-validate==1.37.0"; } \
    || { fail "k8s: installing kubernetes-validate from PyPI"; exit 0; }
fi

shopt -s nullglob
manifests=("$GD_SRC"/deploy/kubernetes/*.yaml)
check "k8s: there are manifests to validate (${#manifests[@]})" test "${#manifests[@]}" -gt 0
for m in "${manifests[@]}"; do
  check "k8s: $(basename "$m") validates strictly" "$kv" --strict --quiet "$m"
done
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
sed 's/^\(\s*\)image:/\1imagee:/' "$GD_SRC/deploy/kubernetes/gpudoctor-daemonset.yaml" >"$W/bad.yaml"
check "k8s: a misspelt field is rejected" bash -c "! '$kv' --strict --quiet '$W/bad.yaml' >/dev/null 2>&1"
