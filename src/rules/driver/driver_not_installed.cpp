// A GPU is present but no NVIDIA kernel driver is installed.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_driver_not_installed) {
  const auto& f = ctx.facts;
  if (f.pci.gpus.empty() || f.host.is_wsl || in_container(f)) return;
  if (f.driver.nvidia_loaded || f.driver.module_installed || f.driver.proc_version_present) return;
  for (const auto& g : f.pci.gpus)
    if (!g.driver.empty()) return;  // bound to nouveau/vfio/...: other rules say so
  auto x = make_finding(info, fmt::format("{} is present but no NVIDIA kernel driver is installed",
                                          f.pci.gpus.front().name.empty() ? "an NVIDIA GPU" : f.pci.gpus.front().name));
  x.evidence.push_back({f.pci.gpus.front().bdf, "bound to no driver"});
  x.evidence.push_back({"/lib/modules/" + f.host.kernel_release, "no nvidia.ko"});
  x.explanation = "CUDA needs NVIDIA's kernel module (proprietary or open) for this kernel; none is installed.";
  x.fix = {"Debian: sudo apt install nvidia-driver firmware-misc-nonfree && sudo reboot",
           "Ubuntu: sudo ubuntu-drivers install && sudo reboot",
           "or NVIDIA's CUDA repository: sudo apt install cuda-drivers"};
  x.explains = {"K206", "L301"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
