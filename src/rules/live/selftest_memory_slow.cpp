// Selftest device-memory bandwidth is far below the GPU's peak.
#include "rules/live/selftest_rows.hpp"

namespace gpudoctor::rules {

GD_RULE(check_selftest_memory_slow) {
  live_util::selftest_row_findings(
      ctx, info, out, "slow", {"copy_kernel", "memcpy_dtod"},
      "A plain device-to-device copy usually reaches 80-90% of the memory's datasheet bandwidth (bytes read plus "
      "bytes written). Far less means the memory clock is held down (power or thermal limits, a low application "
      "clock) or other work shares the GPU.",
      {"nvidia-smi -q -d PERFORMANCE,CLOCK", "nvidia-smi --query-compute-apps=pid,process_name --format=csv"});
}

}  // namespace gpudoctor::rules
