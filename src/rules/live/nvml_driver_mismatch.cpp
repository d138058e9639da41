// nvmlInit returned 18: the kernel module and the user-space driver versions differ.
#include <fmt/format.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_nvml_driver_mismatch) {
  const auto& n = ctx.facts.live.nvml;
  if (!ctx.facts.live.ran || !n.library.loaded || n.init_result != live_util::kNvmlLibRmVersionMismatch) return;
  auto x = make_finding(info, fmt::format("nvmlInit returned {}: the kernel module and the user-space driver differ "
                                          "(Driver/library version mismatch)",
                                          live_util::nvml_code(ctx, n.init_result)));
  x.subject = "nvml";
  x.evidence.push_back(live_util::nvml_evidence(ctx.facts));
  if (!ctx.facts.driver.version.empty())
    x.evidence.push_back({"kernel module (/proc/driver/nvidia/version)", ctx.facts.driver.version});
  x.explanation = "The driver's user-space libraries were upgraded (or downgraded) but the old kernel module is "
                  "still loaded, typically after a package update without reboot. NVML and CUDA refuse to talk to "
                  "a kernel module of another version.";
  x.fix = {"reboot",
           "or reload the module: sudo systemctl stop nvidia-persistenced; "
           "sudo rmmod nvidia_uvm nvidia_drm nvidia_modeset nvidia && sudo modprobe nvidia && sudo modprobe nvidia_uvm"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
