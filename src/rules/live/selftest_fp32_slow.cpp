// Selftest FP32 FMA throughput is far below SMs x clock x FMA units.
#include "rules/live/selftest_rows.hpp"

namespace gpudoctor::rules {

GD_RULE(check_selftest_fp32_slow) {
  live_util::selftest_row_findings(
      ctx, info, out, "slow", {"fp32"},
      "The FMA kernel keeps every FP32 unit busy with independent chains, so it runs near SMs x FP32 units x clock "
      "x 2 FLOP. Far less means the SM clock is held down (temperature, power cap, a locked low clock) or the "
      "GPU is shared.",
      {"nvidia-smi -q -d PERFORMANCE,CLOCK,POWER", "sudo nvidia-smi -rgc   # reset locked clocks"});
}

}  // namespace gpudoctor::rules
