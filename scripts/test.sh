#!/usr/bin/env bash
# The whole test suite: unit and integration tests (offline), a short run of every
# fuzz target, then the PyPI tier (real framework wheels, needs the network once;
# wheels and venvs are cached under ${GD_PYPI_CACHE:-~/.cache/gpudoctor-pypi}).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

BUILD=${BUILD:-build}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)"

echo "== fuzz targets (${FUZZ_SECONDS:=10} s each)"
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$FUZZ_BUILD" -G Ninja -DGPUDOCTOR_FUZZ=ON -DGPUDOCTOR_TESTS=OFF \
  -DGPUDOCTOR_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$FUZZ_BUILD" -j"$(nproc)" --target fuzzers
for f in "$FUZZ_BUILD"/*_fuzz; do
  [ -x "$f" ] || continue
  echo "-- $(basename "$f")"
  corpus="tests/fixtures/fuzz/$(basename "$f")"
  mkdir -p "$FUZZ_BUILD/corpus/$(basename "$f")"
  "$f" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
    "$FUZZ_BUILD/corpus/$(basename "$f")" $( [ -d "$corpus" ] && echo "$corpus" ) 2>&1 | tail -n 2
done

if [ -x tests/pypi/setup_envs.sh ] && [ "${GD_SKIP_PYPI:-0}" != 1 ]; then
  echo "== PyPI tier: preparing framework environments"
  export GD_PYPI_ENVS=${GD_PYPI_CACHE:-$HOME/.cache/gpudoctor-pypi}
  bash tests/pypi/setup_envs.sh "$GD_PYPI_ENVS"
  for c in "$GD_PYPI_ENVS"/cuobjdump/lib/python3*/site-packages/nvidia/cu*/bin/cuobjdump; do
    [ -x "$c" ] && export CUOBJDUMP="$c"
  done
fi

echo "== tests"
cd "$BUILD"
ctest --output-on-failure -j"$(nproc)" --timeout 300
