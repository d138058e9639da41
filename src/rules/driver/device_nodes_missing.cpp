// The driver is loaded but /dev/nvidiactl or /dev/nvidiaN is missing.
#include <fmt/format.h>

#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_device_nodes_missing) {
  const auto& f = ctx.facts;
  if (!f.driver.nvidia_loaded || f.host.is_wsl || in_container(f)) return;  // containers: C601/C602
  std::vector<std::string> missing;
  if (!node_present(f, "/dev/nvidiactl")) missing.push_back("/dev/nvidiactl");
  if (!any_gpu_node(f)) missing.push_back("/dev/nvidia0..N");
  if (f.driver.nvidia_uvm_loaded && !node_present(f, "/dev/nvidia-uvm")) missing.push_back("/dev/nvidia-uvm");
  if (missing.empty()) return;
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  auto x = make_finding(info, "device nodes missing: " + list);
  for (const auto& m : missing) x.evidence.push_back({m, "missing"});
  x.explanation = "The kernel module is loaded, but the character devices CUDA opens are not there. They are made by "
                  "udev rules or by the setuid nvidia-modprobe helper on first use; headless servers without either "
                  "never get them.";
  x.fix = {"sudo nvidia-modprobe -c=0 -u   (creates /dev/nvidia0, /dev/nvidiactl, /dev/nvidia-uvm)",
           "or run nvidia-smi once as root, or install nvidia-persistenced"};
  x.explains = {"R906"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
