#!/usr/bin/env bash
# Builds the manylinux2014 wheel for one architecture with zig (see prepare.sh), into OUTDIR.
# Usage: scripts/wheel/build.sh x86_64|aarch64 OUTDIR
# The build folder stays in the cache, so a rebuild is incremental.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
arch="${1:?arch: x86_64 or aarch64}"; out="${2:?output directory}"
cache="${GD_WHEEL_CACHE:-$HOME/.cache/gpudoctor-wheel}"
bash "$repo/scripts/wheel/prepare.sh" "$cache" >&2
mkdir -p "$out"; out="$(cd "$out" && pwd)"
commit="$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
# ccache, when there is one, for zig's clang too (the wrapper's name hides the compiler type).
launcher=()
if command -v ccache >/dev/null 2>&1; then
  export CCACHE_COMPILERTYPE=clang CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
  launcher=(-C "cmake.define.CMAKE_CXX_COMPILER_LAUNCHER=ccache" -C "cmake.define.CMAKE_C_COMPILER_LAUNCHER=ccache")
fi
# No build isolation: the tool venv already holds the pinned scikit-build-core (offline-friendly).
CMAKE_TOOLCHAIN_FILE="$cache/tc-$arch/toolchain.cmake" \
  "$cache/tools/bin/python" -m build --wheel --no-isolation --outdir "$out" "$repo" \
  -C "wheel.tags=py3-none-manylinux2014_$arch" -C "build-dir=$cache/build-gpudoctor-$arch" \
  -C "cmake.define.GPUDOCTOR_COMMIT=$commit" -C "cmake.define.CMAKE_COLOR_DIAGNOSTICS=OFF" "${launcher[@]}" >&2
# Debug symbols stay out of the wheel, beside it.
for d in "$cache/build-gpudoctor-$arch"/gpudoctor.debug; do [[ -f $d ]] && cp "$d" "$out/gpudoctor-$arch.debug"; done
ls "$out"/gpudoctor-*-py3-none-manylinux2014_"$arch".whl
