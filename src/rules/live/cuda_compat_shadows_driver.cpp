// cuInit returned 803: a forward-compatibility libcuda shadows the driver's.
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_cuda_compat_shadows_driver) {
  auto r = live_util::cuinit_result(ctx.facts);
  if (!r || *r != live_util::kCuSystemDriverMismatch) return;
  const auto& l = ctx.facts.live.cuda.library;
  auto x = live_util::cuinit_finding(ctx, info, "the loaded libcuda does not match the kernel driver " +
                                                    (ctx.facts.driver.version.empty() ? std::string("?")
                                                                                      : ctx.facts.driver.version));
  if (!ctx.facts.driver.version.empty())
    x.evidence.push_back({"/proc/driver/nvidia/version", ctx.facts.driver.version});
  if (auto p = live_util::env(ctx.facts, "LD_LIBRARY_PATH")) x.evidence.push_back({"LD_LIBRARY_PATH", *p});
  x.explanation = "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH: the user-space libcuda (" +
                  (l.real_path.empty() ? l.path : l.real_path) +
                  ") belongs to another driver version than the kernel module. Most often a CUDA forward-"
                  "compatibility package (cuda-compat, .../cuda-X.Y/compat/libcuda.so.1) is on the library path "
                  "ahead of the driver's copy and is not meant for this driver (NVIDIA/nvidia-container-toolkit#1679).";
  x.fix = {"ldconfig -p | grep libcuda.so.1   # which copy comes first",
           "remove the compat directory from LD_LIBRARY_PATH / /etc/ld.so.conf.d, then sudo ldconfig",
           "or install the driver version that matches that libcuda"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
