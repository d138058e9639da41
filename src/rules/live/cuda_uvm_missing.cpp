// cuInit returned 3 or 999 and nvidia_uvm or /dev/nvidia-uvm is missing.
#include <fmt/format.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {
GD_RULE(check_cuda_uvm_missing) {
  if (!live_util::cuinit_uvm_family(ctx.facts) || !live_util::uvm_missing(ctx.facts)) return;
  auto x = live_util::cuinit_finding(ctx, info, "the nvidia_uvm kernel module or /dev/nvidia-uvm is missing");
  x.evidence.push_back({"/sys/module/nvidia_uvm", ctx.facts.driver.nvidia_uvm_loaded ? "loaded" : "not loaded"});
  for (const auto& n : ctx.facts.driver.device_nodes)
    if (n.path == "/dev/nvidia-uvm") x.evidence.push_back({n.path, n.exists ? "present" : "missing"});
  x.explanation = "CUDA needs the nvidia_uvm module (unified memory) besides nvidia; without it, or without its "
                  "device node inside a container, cuInit fails with CUDA_ERROR_UNKNOWN (999) or "
                  "CUDA_ERROR_NOT_INITIALIZED (3) while nvidia-smi still works.";
  x.fix = {"sudo modprobe nvidia_uvm",
           "create the device node: sudo nvidia-modprobe -u -c=0",
           "in a container, pass it too: --device /dev/nvidia-uvm --device /dev/nvidia-uvm-tools (or use --gpus)"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
