// The kernel module and the user-space driver (libcuda / NVML) have different versions.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_driver_userland_mismatch) {
  const auto& f = ctx.facts;
  const std::string& kernel = f.driver.version;
  if (kernel.empty()) return;
  std::vector<std::pair<std::string, const facts::LibraryCandidate*>> diff;
  for (const char* id : {"libcuda", "nvml"}) {
    const auto* c = selected(f.library(id));
    if (c && !c->is_stub && !c->version.empty() && c->version != kernel) diff.emplace_back(id, c);
  }
  if (diff.empty()) return;
  auto x = make_finding(info, fmt::format("kernel module {} but user-space driver {} ({})", kernel,
                                          diff.front().second->version, diff.front().second->path));
  x.evidence.push_back({"/proc/driver/nvidia/version", kernel});
  for (const auto& [id, c] : diff) x.evidence.push_back({c->real_path.empty() ? c->path : c->real_path, c->version});
  x.explanation = "Every call into the driver checks that libcuda/NVML match the loaded kernel module; after a driver "
                  "upgrade without a reboot they do not, and nvidia-smi prints 'Failed to initialize NVML: "
                  "Driver/library version mismatch' while CUDA fails to initialise.";
  x.fix = {"sudo reboot", "or reload the module without rebooting: sudo systemctl isolate multi-user.target; "
                          "sudo rmmod nvidia_uvm nvidia_drm nvidia_modeset nvidia; sudo modprobe nvidia nvidia_uvm"};
  x.explains = {"R920"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
