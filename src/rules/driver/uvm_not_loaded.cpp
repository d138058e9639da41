// nvidia is loaded but nvidia_uvm is not; CUDA needs it (cuInit fails with 999 or 3).
#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"

namespace gpudoctor::rules {

GD_RULE(check_uvm_not_loaded) {
  const auto& f = ctx.facts;
  if (!f.driver.nvidia_loaded || f.driver.nvidia_uvm_loaded) return;
  auto x = make_finding(info, "the nvidia module is loaded but nvidia_uvm is not");
  x.evidence.push_back({"/sys/module/nvidia_uvm", "absent"});
  x.evidence.push_back({"/dev/nvidia-uvm", node_present(f, "/dev/nvidia-uvm") ? "present" : "missing"});
  x.explanation = "CUDA's unified memory module is needed by every CUDA context. libcuda asks the setuid helper "
                  "nvidia-modprobe to load it on first use; where that helper is missing (containers, minimal installs) "
                  "or after suspend/resume, cuInit fails with CUDA_ERROR_UNKNOWN (999).";
  x.fix = {"sudo modprobe nvidia_uvm", "sudo nvidia-modprobe -u -c=0   (also creates /dev/nvidia-uvm)",
           "to load at boot: echo nvidia_uvm | sudo tee /etc/modules-load.d/nvidia-uvm.conf"};
  x.explains = {"R908"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
