#!/usr/bin/env bash
# `gpudoctor fleet` on N synthetic node reports (default 10,000): 90% healthy, 5% with a
# driver not loaded, 3% with the CUDA user-space library missing, 2% unreadable.
# Prints wall time and peak RSS of the merge (the reports are made first, not timed).
# Usage: bench/fleet.sh [build-dir] [N]
set -euo pipefail
BIN=${1:-build}/gpudoctor
N=${2:-10000}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
python3 - "$W" "$N" <<'PY'
import json, sys
out, n = sys.argv[1], int(sys.argv[2])
def report(usable, roots, driver):
    f = [{"code": c, "cause": cause, "severity": "error", "explained_by": "", "message": "m"} for c, cause in roots]
    return {"schema_version": 1, "gpu_usable": usable, "findings": f,
            "facts": {"collected_at": "2026-12-07T04:00:00Z", "driver": {"version": driver},
                      "frameworks": {"installs": [{"framework": "torch", "version": "2.3.0"}]}}}
for i in range(n):
    k = i % 100
    if k < 90: r = report(True, [], "550.54.15")
    elif k < 95: r = report(False, [("K204", "driver_not_loaded")], "550.54.15")
    elif k < 98: r = report(False, [("L301", "libcuda_missing")], "535.104.05")
    else: r = None
    with open(f"{out}/gpu{i:05d}.json", "w") as fh:
        fh.write("{not json" if r is None else json.dumps(r))
PY
/usr/bin/time -f '%e %U %S %M' -o "$W/time" "$BIN" fleet --now 1796616000 "$W" >"$W/out" || true
tail -n 1 "$W/time" | awk -v n="$N" '{printf "gpudoctor fleet, %d reports: %.0f ms wall, %.0f ms CPU (user+sys), peak RSS %.1f MB\n", n, $1*1000, ($2+$3)*1000, $4/1024}'
head -n 3 "$W/out"
