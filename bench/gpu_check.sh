#!/usr/bin/env bash
# One run on a machine with an NVIDIA GPU: build gpudoctor, run the diagnosis and the
# selftest as a user would, then the same with CUDA_VISIBLE_DEVICES=-1 and with the
# toolkit's stub libcuda first on LD_LIBRARY_PATH, and compare the selftest's bandwidth
# and GEMM figures with PyTorch's (a tensor copy, pinned H2D/D2H, torch.matmul) when torch
# is importable. Everything goes under $OUT (default ./gpu_check_out); nothing is judged
# here, the files are read afterwards (bench/results/live.md says what to look at).
#   OUT=/tmp/out bench/gpu_check.sh          GD_BIN=/path/to/gpudoctor to skip the build
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$root/gpu_check_out}
mkdir -p "$OUT"
log() { printf '%s %s\n' "$(date +%T)" "$*" | tee -a "$OUT/steps.log"; }

# run NAME TIMEOUT CMD...: stdout to NAME.out, stderr to NAME.err, exit code and time logged.
run() {
  local name=$1 limit=$2; shift 2
  local t0=$(date +%s%N)
  timeout -k 5 "$limit" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"
  local rc=$?
  log "$name: exit $rc in $(( ($(date +%s%N) - t0) / 1000000 )) ms: $*"
  return 0
}

{ nvidia-smi; nvidia-smi -q -d PERFORMANCE,CLOCK,PCIE 2>/dev/null | head -80; } > "$OUT/nvidia-smi.txt" 2>&1
uname -a > "$OUT/host.txt"; cat /proc/driver/nvidia/version >> "$OUT/host.txt" 2>/dev/null

GD=${GD_BIN:-}
if [ -z "$GD" ]; then
  build=$root/build-gpu
  if [ -x "$root/build-live/gpudoctor" ]; then GD=$root/build-live/gpudoctor
  else
    log "building in $build"
    run configure 300 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGPUDOCTOR_TESTS=OFF -DGPUDOCTOR_BENCH=OFF
    run build 600 cmake --build "$build" -j"$(nproc)" --target gpudoctor
    GD=$build/gpudoctor
  fi
fi
if [ ! -x "$GD" ]; then log "no gpudoctor binary; see configure.err and build.err"; exit 1; fi
"$GD" --version > "$OUT/version.txt" 2>&1

# 1. As a user would run it.
run diagnose 120 "$GD" --verbose --no-color
run diagnose_json 120 "$GD" --json
run collect 120 "$GD" collect -o "$OUT/facts.json"
run from_facts 60 "$GD" --json --facts "$OUT/facts.json"
run selftest 300 "$GD" selftest --no-color
run selftest_json 300 "$GD" selftest --json
run selftest_quick 120 "$GD" selftest --quick --json

# 2. No visible device: expect R905 (and E501 from the static probe).
CUDA_VISIBLE_DEVICES=-1 run cvd_hidden_json 120 "$GD" --json
CUDA_VISIBLE_DEVICES=-1 run cvd_hidden_selftest 120 "$GD" selftest --json

# 3. The stub first on the loader path: expect R904 (and L302).
stub=$(ls /usr/local/cuda/lib64/stubs/libcuda.so /usr/local/cuda/targets/*/lib/stubs/libcuda.so 2>/dev/null | head -1)
if [ -n "$stub" ]; then
  stubdir=$(mktemp -d)
  ln -s "$stub" "$stubdir/libcuda.so.1"   # ldconfig would make this SONAME link too
  LD_LIBRARY_PATH=$stubdir:${LD_LIBRARY_PATH:-} run stub_json 120 "$GD" --json
  LD_LIBRARY_PATH=$stubdir:${LD_LIBRARY_PATH:-} run stub_selftest 120 "$GD" selftest --json
  rm -rf "$stubdir"
else
  log "no toolkit stub libcuda found; stub case skipped"
fi

# 4. PyTorch's view of the same GPU, for comparison with selftest_json.out.
if python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
  run torch 300 python3 - "$OUT/torch.json" <<'PY'
import json, sys, torch
def timed(fn, reps):
    fn(); torch.cuda.synchronize()
    a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    a.record()
    for _ in range(reps): fn()
    b.record(); torch.cuda.synchronize()
    return a.elapsed_time(b) / 1000 / reps
out = {"torch": torch.__version__, "cuda": torch.version.cuda, "gpus": []}
for i in range(torch.cuda.device_count()):
    torch.cuda.set_device(i)
    n = 512 << 20
    x = torch.empty(n // 4, dtype=torch.float32, device="cuda").random_()
    y = torch.empty_like(x)
    d2d = 2 * n / timed(lambda: y.copy_(x), 50) / 1e9
    h = torch.empty(256 << 18, dtype=torch.float32).pin_memory().random_()
    g = torch.empty_like(h, device="cuda")
    h2d = h.numel() * 4 / timed(lambda: g.copy_(h, non_blocking=True), 20) / 1e9
    d2h = h.numel() * 4 / timed(lambda: h.copy_(g, non_blocking=True), 20) / 1e9
    m = 4096
    A = torch.randn(m, m, device="cuda", dtype=torch.bfloat16)
    B = torch.randn(m, m, device="cuda", dtype=torch.bfloat16)
    gemm = 2 * m ** 3 / timed(lambda: torch.matmul(A, B), 50) / 1e12
    out["gpus"].append({"index": i, "name": torch.cuda.get_device_name(i), "copy_gbs": d2d, "h2d_gbs": h2d,
                        "d2h_gbs": d2h, "bf16_matmul_tflops": gemm})
json.dump(out, open(sys.argv[1], "w"), indent=2)
PY
  python3 - "$OUT/selftest_json.out" "$OUT/torch.json" > "$OUT/compare.txt" 2>&1 <<'PY'
import json, sys
st, tq = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
rows = {(r["gpu"], r["key"]): r for r in st["rows"]}
pairs = [("copy_kernel", "copy_gbs", "GB/s"), ("h2d", "h2d_gbs", "GB/s"), ("d2h", "d2h_gbs", "GB/s"),
         ("gemm", "bf16_matmul_tflops", "TFLOPS")]
print(f"{'gpu':>3} {'figure':<12} {'gpudoctor':>10} {'torch':>10} {'ratio':>6} {'expected':>10}")
for g in tq["gpus"]:
    for key, tkey, unit in pairs:
        r = rows.get((g["index"], key))
        if not r: continue
        ratio = r["measured"] / g[tkey] if g[tkey] > 0 and r["measured"] > 0 else float("nan")
        print(f"{g['index']:>3} {key:<12} {r['measured']:>10.1f} {g[tkey]:>10.1f} {ratio:>6.2f} {r['expected']:>10.1f} {unit}")
PY
  log "torch comparison in compare.txt"
else
  log "torch with CUDA not importable; no comparison"
fi
log "done; files in $OUT"
