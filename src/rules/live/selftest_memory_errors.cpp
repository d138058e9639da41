// The selftest memory pattern test found words that do not hold what was written.
#include "rules/live/selftest_rows.hpp"

namespace gpudoctor::rules {

GD_RULE(check_selftest_memory_errors) {
  live_util::selftest_row_findings(
      ctx, info, out, "fail", {"memtest"},
      "A pattern and its complement were written over a large share of free device memory and read back on the "
      "GPU; words that differ point at failing memory cells or an unstable memory clock. Without ECC (GeForce) "
      "nothing else would notice.",
      {"nvidia-smi -q -d ECC,ROW_REMAPPER,PAGE_RETIREMENT",
       "reset memory clock offsets: sudo nvidia-smi -rmc",
       "run gpudoctor selftest again; repeated errors mean the GPU needs service"});
}

}  // namespace gpudoctor::rules
