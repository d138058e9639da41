// Selftest computations or copies differ from the exact answer.
#include "rules/live/selftest_rows.hpp"

namespace gpudoctor::rules {

GD_RULE(check_selftest_wrong_result) {
  live_util::selftest_row_findings(
      ctx, info, out, "fail", {"correctness"},
      "Every selftest value has an exact answer known on the host (integer hashes, correctly rounded FP32 fma, "
      "integer-valued BF16 GEMM sums, copied patterns), so any difference is a hardware or driver fault: unstable "
      "clocks (overclocking), overheating, a failing memory chip, or a broken driver.",
      {"sudo dmesg | grep -iE 'NVRM|Xid'", "nvidia-smi -q -d ECC,TEMPERATURE,CLOCK",
       "reset application clocks and any overclock: sudo nvidia-smi -rgc; sudo nvidia-smi -rmc",
       "run it again; if it repeats, the GPU needs service"});
}

}  // namespace gpudoctor::rules
