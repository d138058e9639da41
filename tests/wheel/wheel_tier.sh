#!/usr/bin/env bash
# The wheel tier: builds the manylinux2014 wheels for x86_64 and aarch64 with zig, proves the tag
# is honest, installs the x86_64 wheel into fresh venvs of every Python 3.8-3.13 on the machine,
# runs it there as a user would (CLI, Python API, a real Jupyter kernel, uvx), and runs the
# aarch64 binary's CLI contract tests under qemu-user.
# Usage: tests/wheel/wheel_tier.sh BUILD_DIR   (BUILD_DIR holds gpudoctor_tests for the qemu run)
# Caches: ~/.cache/gpudoctor-wheel (zig, deps, build folders), pip's cache for the venvs.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:?build dir with gpudoctor_tests}" && pwd)"
cache="${GD_WHEEL_CACHE:-$HOME/.cache/gpudoctor-wheel}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
passed=0; failed=0
check() {  # check NAME CMD...: one line per check, the reason when it fails
  local name="$1"; shift
  local out
  if out="$("$@" 2>&1)"; then passed=$((passed + 1)); echo "ok - $name"
  else failed=$((failed + 1)); echo "not ok - $name"; echo "$out" | tail -n 15 | sed 's/^/    /'; fi
}
t0=$SECONDS
for arch in x86_64 aarch64; do
  s=$SECONDS
  if ! bash "$repo/scripts/wheel/build.sh" "$arch" "$work/dist" > "$work/build-$arch.log" 2>&1; then
    echo "not ok - build the $arch wheel"; tail -n 30 "$work/build-$arch.log" | sed 's/^/    /'
    echo "wheel: $passed passed, $((failed + 1)) failed"; exit 1
  fi
  echo "# built the $arch wheel in $((SECONDS - s)) s"
done
tools="$cache/tools/bin"
whl_x86="$(ls "$work"/dist/gpudoctor-*-manylinux2014_x86_64.whl)"
whl_arm="$(ls "$work"/dist/gpudoctor-*-manylinux2014_aarch64.whl)"
mkdir -p "$work/x86" "$work/arm"
(cd "$work/x86" && "$tools/python" -m zipfile -e "$whl_x86" .)
(cd "$work/arm" && "$tools/python" -m zipfile -e "$whl_arm" .)
bin_x86="$(ls "$work"/x86/gpudoctor-*.data/scripts/gpudoctor)"
bin_arm="$(ls "$work"/arm/gpudoctor-*.data/scripts/gpudoctor)"

# -- the tag is honest --
audit() {  # audit WHEEL ARCH: auditwheel names the manylinux_2_17 policy for it
  "$tools/auditwheel" show "$1" | tr '\n' ' ' | grep -q "consistent with the following platform tag: \"manylinux_2_17_$2\""
}
check "auditwheel: x86_64 wheel is manylinux_2_17_x86_64" audit "$whl_x86" x86_64
check "auditwheel: aarch64 wheel is manylinux_2_17_aarch64" audit "$whl_arm" aarch64
max_glibc() {  # the highest GLIBC_x.y symbol version the binary needs must be <= 2.17
  local v; v="$(objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)"
  echo "highest GLIBC_ symbol version needed: $v"
  [[ "$(printf '%s\n2.17\n' "$v" | sort -V | tail -n 1)" == "2.17" ]]
}
check "x86_64 binary needs at most GLIBC_2.17" max_glibc "$bin_x86"
check "aarch64 binary needs at most GLIBC_2.17" max_glibc "$bin_arm"
only_libc() {  # NEEDED: glibc's own libraries only (no libstdc++, libfmt, libre2, libcuda)
  local bad; bad="$(readelf -d "$1" | grep NEEDED | grep -vE '\[(libc|libm|libdl|libpthread|librt|ld-linux[-a-z0-9_]*)\.so')"
  [[ -z "$bad" ]] || { echo "$bad"; return 1; }
}
check "x86_64 binary links only glibc" only_libc "$bin_x86"
check "aarch64 binary links only glibc" only_libc "$bin_arm"
small() { local n; n=$(stat -c %s "$1"); echo "$1: $n bytes"; [[ $n -lt 10000000 ]]; }
check "x86_64 wheel under 10 MB" small "$whl_x86"
check "aarch64 wheel under 10 MB" small "$whl_arm"
stripped() { file "$1" | grep -q ', stripped'; }
check "binaries are stripped" stripped "$bin_x86"
echo "# sizes: $(stat -c '%n %s' "$whl_x86" "$whl_arm" | sed "s|$work/dist/||g" | tr '\n' ' ')"

# -- the x86_64 wheel in a fresh venv of every Python there is --
usable_json() {  # exit 1 on this machine (no GPU) with H101 as the first root finding
  local out rc; out="$("$@")"; rc=$?
  [[ $rc -eq 1 ]] || { echo "exit $rc"; return 1; }
  printf '%s' "$out" | "$tools/python" -c 'import json,sys; r=json.load(sys.stdin); roots=[f["code"] for f in r["findings"] if not f["explained_by"]]; print(roots[:3]); sys.exit(0 if roots and roots[0]=="H101" else 1)'
}
pys=()
for v in 3.8 3.9 3.10 3.11 3.12 3.13; do
  p="$(command -v "python$v" || ls "$HOME"/.pyenv/versions/"$v".*/bin/python"$v" 2>/dev/null | tail -n 1)"
  [[ -n "$p" && -x "$p" ]] && pys+=("$p")
done
[[ ${#pys[@]} -ge 2 ]] || { echo "not ok - need Pythons 3.8 and 3.13 (pyenv)"; failed=$((failed + 1)); }
for p in "${pys[@]}"; do
  v="$("$p" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  venv="$work/venv$v"
  s=$SECONDS
  check "python $v: venv + pip install the wheel" bash -c "'$p' -m venv '$venv' && '$venv/bin/pip' install -q --disable-pip-version-check '$whl_x86'"
  echo "# python $v: install took $((SECONDS - s)) s"
  # Unactivated, from a directory of its own: the venv's gpudoctor, as a user would run it.
  check "python $v: gpudoctor --json exits 1 with root H101" usable_json env -u VIRTUAL_ENV "$venv/bin/gpudoctor" --json --no-live
  check "python $v: gpudoctor.check() renders HTML" "$venv/bin/python" -c \
    "import gpudoctor; r = gpudoctor.check('--no-live'); h = r._repr_html_(); assert r.usable is False and 'H101' in h and '<table' in h, h[:300]"
  check "python $v: python -m gpudoctor --version" bash -c "'$venv/bin/python' -m gpudoctor --version | grep -q '^gpudoctor [0-9]'"
  own_env() {  # the venv it was installed into is one of the environments it judged
    "$1/bin/gpudoctor" --json --no-live | "$tools/python" -c "import json,sys; envs=[e['prefix'] for e in json.load(sys.stdin)['facts']['frameworks']['environments']]; sys.exit(0 if '$1' in envs else 1)"
  }
  check "python $v: the unactivated venv it runs from is judged" own_env "$venv"
done

# -- a real Jupyter kernel (nbclient) runs gpudoctor.check() and gets text/html --
nbvenv="$work/venv-nb"
check "nbclient + ipykernel in a venv" bash -c "'${pys[-1]}' -m venv '$nbvenv' && '$nbvenv/bin/pip' install -q --disable-pip-version-check '$whl_x86' nbclient==0.10.2 nbformat ipykernel"
check "notebook: gpudoctor.check() output is text/html with the report" "$nbvenv/bin/python" "$repo/tests/wheel/run_notebook.py" "$work/report.html"
[[ -f "$work/report.html" ]] && cp "$work/report.html" "$build/notebook-report.html"

# -- uvx, offline, from the wheel: the tool env is not reported as the user's --
uvx_run() {
  local out rc; out="$(UV_CACHE_DIR="$work/uvcache" "$tools/uvx" --offline --from "$whl_x86" gpudoctor --json --no-live)"; rc=$?
  [[ $rc -eq 1 ]] || { echo "exit $rc"; return 1; }
  printf '%s' "$out" | "$tools/python" -c 'import json,sys; envs=[e["prefix"] for e in json.load(sys.stdin)["facts"]["frameworks"]["environments"]]; bad=[e for e in envs if "uvcache" in e]; print(bad); sys.exit(1 if bad else 0)'
}
check "uvx --offline --from WHEEL gpudoctor: runs, and skips its own tool env" uvx_run

# -- the aarch64 binary: the CLI contract tests, under qemu-user --
qemu="$(command -v qemu-aarch64-static || command -v qemu-aarch64)"
cat > "$work/gpudoctor-aarch64" <<W
#!/bin/sh
exec "$qemu" -L /usr/aarch64-linux-gnu "$bin_arm" "\$@"
W
chmod +x "$work/gpudoctor-aarch64"
check "aarch64 binary runs under qemu (--version)" bash -c "'$work/gpudoctor-aarch64' --version | grep -q '^gpudoctor'"
check "aarch64: CLI contract tests under qemu" env GD_BINARY_UNDER_TEST="$work/gpudoctor-aarch64" \
  "$build/gpudoctor_tests" --gtest_filter='CliContract.*' --gtest_brief=1
echo "# wheel tier took $((SECONDS - t0)) s"
echo "wheel: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
