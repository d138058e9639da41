// The GPU is bound to vfio-pci (reserved for VM passthrough), so the host cannot use it.
#include <fmt/format.h>

#include "rules/core_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_gpu_vfio_bound) {
  for (const auto& g : ctx.facts.pci.gpus) {
    if (g.driver != "vfio-pci") continue;
    auto x = make_finding(info, fmt::format("{} is bound to vfio-pci (reserved for a virtual machine)", g.bdf));
    x.subject = g.bdf;
    x.evidence.push_back({"/sys/bus/pci/devices/" + g.bdf + "/driver", "vfio-pci"});
    x.explanation = "A GPU bound to vfio-pci is set aside for PCI passthrough; no host process can use it with CUDA.";
    x.fix = {"if this GPU should serve the host, remove its id from vfio-pci.ids= (kernel command line or /etc/modprobe.d) and reboot",
             fmt::format("or rebind now: echo {0} | sudo tee /sys/bus/pci/drivers/vfio-pci/unbind && echo {0} | sudo tee /sys/bus/pci/drivers/nvidia/bind", g.bdf)};
    x.explains = {"K204", "K206"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
