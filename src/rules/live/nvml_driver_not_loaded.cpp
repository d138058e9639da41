// nvmlInit returned 9: the NVIDIA kernel driver is not loaded.
#include <fmt/format.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_nvml_driver_not_loaded) {
  const auto& n = ctx.facts.live.nvml;
  if (!ctx.facts.live.ran || !n.library.loaded || n.init_result != live_util::kNvmlDriverNotLoaded) return;
  auto x = make_finding(info, fmt::format("nvmlInit returned {}: the NVIDIA kernel driver is not loaded",
                                          live_util::nvml_code(ctx, n.init_result)));
  x.subject = "nvml";
  x.evidence.push_back(live_util::nvml_evidence(ctx.facts));
  x.evidence.push_back({"/sys/module/nvidia", ctx.facts.driver.nvidia_loaded ? "loaded" : "not loaded"});
  x.explanation = "libnvidia-ml is installed but cannot reach the nvidia kernel module: it is not loaded, failed "
                  "to load (Secure Boot, a kernel update without a rebuilt module), or /dev/nvidiactl is missing.";
  x.fix = {"sudo modprobe nvidia", "sudo dmesg | grep -i nvidia", "mokutil --sb-state   # Secure Boot blocks unsigned modules"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
