// The NVIDIA kernel module is installed but not loaded.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_module_not_loaded) {
  const auto& f = ctx.facts;
  if (f.pci.gpus.empty() || f.host.is_wsl || in_container(f)) return;
  if (f.driver.nvidia_loaded || !f.driver.module_installed) return;
  for (const auto& g : f.pci.gpus)
    if (g.driver == "nouveau" || g.driver == "vfio-pci") return;  // those rules name the holder
  auto x = make_finding(info, "the nvidia kernel module is installed but not loaded");
  x.evidence.push_back({f.driver.module_path.empty() ? "/lib/modules/" + f.host.kernel_release : f.driver.module_path,
                        "installed"});
  x.evidence.push_back({"/sys/module/nvidia", "absent"});
  x.explanation = "Typical after a kernel update whose DKMS build failed, with Secure Boot refusing an unsigned module, "
                  "or when the module was built for another kernel.";
  x.fix = {"sudo modprobe nvidia   (read the error: 'Key was rejected by service' means Secure Boot: sudo mokutil --import the DKMS key, or disable Secure Boot)",
           "sudo dkms status && sudo dkms autoinstall   (rebuild for the running kernel)",
           "sudo dmesg | grep -i nvidia"};
  x.explains = {"K206", "L301", "R921", "R906"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
