// cuInit returned 3 or 999 with nvidia_uvm loaded: the driver is broken, typically after suspend/resume.
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {
GD_RULE(check_cuda_broken_after_suspend) {
  if (!live_util::cuinit_uvm_family(ctx.facts) || live_util::uvm_missing(ctx.facts)) return;
  auto x = live_util::cuinit_finding(ctx, info, "the driver is in a broken state (typically after suspend/resume)");
  x.evidence.push_back({"/sys/module/nvidia_uvm", "loaded"});
  x.explanation = "With every module loaded, CUDA_ERROR_UNKNOWN (999) from cuInit usually means nvidia_uvm lost "
                  "its state across a suspend/resume, or the GPU hit a fault (Xid) that needs a reset; "
                  "nvidia-smi may still look normal (pytorch/pytorch#49081).";
  x.fix = {"sudo rmmod nvidia_uvm && sudo modprobe nvidia_uvm",
           "sudo dmesg | grep -iE 'NVRM|Xid'",
           "to keep it from coming back: enable nvidia-suspend.service / nvidia-resume.service, or reboot"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
