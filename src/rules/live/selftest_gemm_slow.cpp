// Selftest BF16 GEMM is far below the tensor-core peak.
#include "rules/live/selftest_rows.hpp"

namespace gpudoctor::rules {

GD_RULE(check_selftest_gemm_slow) {
  live_util::selftest_row_findings(
      ctx, info, out, "slow", {"gemm"},
      "cuBLASLt reaches 60-80% of the dense BF16 tensor-core peak on large square matrices. Far less means the "
      "clocks are held down, the GPU is shared, or the cuBLASLt found is too old for this GPU.",
      {"nvidia-smi -q -d PERFORMANCE,CLOCK,POWER", "nvidia-smi --query-compute-apps=pid,process_name --format=csv"});
}

}  // namespace gpudoctor::rules
