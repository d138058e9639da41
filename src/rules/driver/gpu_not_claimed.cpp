// The nvidia module is loaded but did not claim a GPU (excluded, or the driver failed to initialise it).
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_gpu_not_claimed) {
  const auto& f = ctx.facts;
  if (!f.driver.nvidia_loaded || in_container(f)) return;
  for (const auto& g : f.pci.gpus) {
    bool excluded = false;
    for (const auto& p : f.driver.gpus)
      if (p.bdf == g.bdf && p.excluded) excluded = true;
    if (g.driver == "nvidia" && !excluded) continue;
    if (g.driver == "nouveau" || g.driver == "vfio-pci") continue;  // K202/K203
    auto x = make_finding(info, excluded ? fmt::format("{} is excluded from the nvidia driver", g.bdf)
                                         : fmt::format("the nvidia module is loaded but {} is bound to no driver", g.bdf));
    x.subject = g.bdf;
    x.evidence.push_back({"/sys/bus/pci/devices/" + g.bdf + "/driver", g.driver.empty() ? "none" : g.driver});
    if (excluded) x.evidence.push_back({"/proc/driver/nvidia/gpus/" + g.bdf + "/information", "GPU Excluded: Yes"});
    x.explanation = excluded ? "NVreg_ExcludedGpus tells the driver to leave this GPU alone."
                             : "The driver probed the GPU and gave up: typically 'RmInitAdapter failed' or a fallen-off-the-bus "
                               "XID in the kernel log, an unsupported GPU for this driver, or too little BAR space.";
    x.fix = {excluded ? "remove the GPU from NVreg_ExcludedGpus in /etc/modprobe.d and reload the driver"
                      : "sudo dmesg | grep -iE 'NVRM|nvidia|Xid' — then reseat/power-cycle, or install a driver that supports the GPU"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
