#!/usr/bin/env bash
# Wall time and peak RSS of `gpudoctor --json --no-live` against `python3 -c pass`
# on this machine (median of N runs). Usage: bench/startup.sh [build-dir] [runs]
set -euo pipefail
BIN=${1:-build}/gpudoctor
N=${2:-50}
median_ms() {  # command...
  local times=()
  for _ in $(seq "$N"); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]/1000}'
}
peak_mb() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n1 | awk '{printf "%.1f", $1/1024}'; }
echo "| command | median wall ms | peak RSS MB |"
echo "| --- | --- | --- |"
echo "| gpudoctor --json --no-live | $(median_ms "$BIN" --json --no-live) | $(peak_mb "$BIN" --json --no-live) |"
echo "| gpudoctor --json (live child) | $(median_ms "$BIN" --json) | $(peak_mb "$BIN" --json) |"
echo "| python3 -c pass | $(median_ms python3 -c pass) | $(peak_mb python3 -c pass) |"
