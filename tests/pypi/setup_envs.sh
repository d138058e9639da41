#!/usr/bin/env bash
# Prepares the real-wheel environments the PyPI test tier (tests/pypi/*_test.cpp)
# diagnoses. Usage: tests/pypi/setup_envs.sh [CACHE_DIR]   (default ~/.cache/gpudoctor-pypi)
# Then run the tests with GD_PYPI_ENVS=CACHE_DIR.
#
# Idempotent: an env whose install finished (it holds .gd-done with the same
# requirements) is left alone; pip's own cache keeps re-creation cheap.
# Sizes (download, cached by pip): tf215 ~0.6 GB, tfcpu ~0.3 GB, jaxcpu ~0.1 GB,
# jaxcuda ~3 GB (the nvidia-* wheels), cuobjdump ~1 MB (NVIDIA's cuobjdump, which
# the fatbin tests compare gpudoctor's reader against: the Debian toolkit lacks it). Everything pinned so the expected
# versions in the tests do not drift.
set -euo pipefail

dir="${1:-$HOME/.cache/gpudoctor-pypi}"
mkdir -p "$dir"

# The TF 2.15 wheels exist for Python 3.9-3.11 only (TF tested configurations).
py="${GD_PYPI_PYTHON:-}"
if [[ -z "$py" ]]; then
  for cand in python3.11 python3.10 python3; do
    if command -v "$cand" >/dev/null && "$cand" -c 'import sys; sys.exit(not ((3,9) <= sys.version_info[:2] <= (3,11)))'; then
      py="$cand"; break
    fi
  done
fi
[[ -n "$py" ]] || { echo "setup_envs.sh: need Python 3.9-3.11 (set GD_PYPI_PYTHON)" >&2; exit 2; }

# name|pip requirements
envs=(
  "tf215|tensorflow==2.15.1"
  "tfcpu|tensorflow-cpu==2.15.1"
  "jaxcpu|jax==0.6.2 jaxlib==0.6.2"
  "jaxcuda|jax[cuda12]==0.6.2"
  "cuobjdump|nvidia-cuda-cuobjdump==13.5.37"
)

for spec in "${envs[@]}"; do
  name="${spec%%|*}"
  reqs="${spec#*|}"
  env="$dir/$name"
  if [[ -f "$env/.gd-done" && "$(cat "$env/.gd-done")" == "$reqs" ]]; then
    echo "setup_envs.sh: $name ready"
    continue
  fi
  echo "setup_envs.sh: creating $name ($reqs)"
  rm -rf "$env"
  "$py" -m venv "$env"
  # shellcheck disable=SC2086  # reqs is a list of requirement words
  "$env/bin/python" -m pip install --quiet --disable-pip-version-check $reqs
  printf '%s' "$reqs" > "$env/.gd-done"
done
echo "setup_envs.sh: environments in $dir"
