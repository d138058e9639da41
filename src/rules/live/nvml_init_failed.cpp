// nvmlInit failed, so GPU memory, processes and clocks are unknown.
#include <fmt/format.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_nvml_init_failed) {
  const auto& n = ctx.facts.live.nvml;
  if (!ctx.facts.live.ran || !n.library.loaded || n.init_result <= 0 ||
      n.init_result == live_util::kNvmlDriverNotLoaded || n.init_result == live_util::kNvmlLibRmVersionMismatch)
    return;
  auto x = make_finding(info, fmt::format("nvmlInit returned {}", live_util::nvml_code(ctx, n.init_result)));
  x.subject = "nvml";
  x.evidence.push_back(live_util::nvml_evidence(ctx.facts));
  x.explanation = "NVML (what nvidia-smi uses) could not start, so the GPUs' memory, processes, clocks and errors "
                  "are unknown to this report. NO_PERMISSION (4) points at device-node access; UNKNOWN (999) at "
                  "a driver fault.";
  x.fix = {"nvidia-smi", "ls -l /dev/nvidiactl /dev/nvidia0", "sudo dmesg | grep -iE 'NVRM|Xid'"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
