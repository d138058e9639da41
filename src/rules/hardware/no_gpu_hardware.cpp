// No NVIDIA GPU is on this machine's PCI bus.
#include "rules/core_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_no_gpu_hardware) {
  const auto& f = ctx.facts;
  if (!f.pci.gpus.empty() || !f.pci.sysfs_readable) return;
  // WSL2 exposes the GPU through /dev/dxg, not PCI.
  if (f.host.is_wsl && f.host.wsl_dxg_present) return;
  auto x = make_finding(info, "no NVIDIA GPU on the PCI bus");
  x.evidence.push_back({"/sys/bus/pci/devices", std::to_string(f.pci.devices_scanned) + " devices, none with vendor 0x10de"});
  x.explanation = "Without an NVIDIA GPU visible to this machine (or VM, or container) nothing can use CUDA; "
                  "every driver or library problem below follows from it.";
  x.fix = {"check the machine type / instance type has a GPU: lspci -nn | grep -i nvidia",
           "in a VM, attach the GPU with PCI passthrough (vfio) on the host"};
  x.explains = {"K201", "K204", "K206", "L301", "C601", "C602", "C603", "R906", "R921"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
