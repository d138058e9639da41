// The open-source nouveau driver holds the GPU.
#include <fmt/format.h>

#include "rules/core_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_nouveau_bound) {
  const auto& f = ctx.facts;
  const facts::PciGpu* held = nullptr;
  for (const auto& g : f.pci.gpus)
    if (g.driver == "nouveau") held = &g;
  if (!held && !(f.driver.nouveau_loaded && !f.driver.nvidia_loaded && !f.pci.gpus.empty())) return;
  auto x = make_finding(info, held ? fmt::format("{} is driven by nouveau, not by NVIDIA's driver", held->bdf)
                                   : std::string("nouveau is loaded and NVIDIA's driver is not"));
  if (held) x.evidence.push_back({"/sys/bus/pci/devices/" + held->bdf + "/driver", "nouveau"});
  x.evidence.push_back({"/sys/module/nouveau", f.driver.nouveau_loaded ? "present" : "absent"});
  if (f.driver.nouveau_blacklisted) x.evidence.push_back({"/etc/modprobe.d", "nouveau is blacklisted, but the initramfs still loads it"});
  x.explanation = "nouveau has no CUDA support, and while it holds the GPU the nvidia module cannot bind to it.";
  x.fix = {"echo -e 'blacklist nouveau\\noptions nouveau modeset=0' | sudo tee /etc/modprobe.d/blacklist-nouveau.conf",
           "sudo update-initramfs -u   (dracut -f on Fedora/RHEL)", "install the NVIDIA driver if needed, then: sudo reboot"};
  x.explains = {"K201", "K204", "K206", "L301"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
