// cuInit returned 802: nvidia-fabricmanager (a required driver daemon) is not running.
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_cuda_fabric_manager) {
  auto r = live_util::cuinit_result(ctx.facts);
  if (!r || *r != live_util::kCuSystemNotReady) return;
  auto x = live_util::cuinit_finding(ctx, info, "a required driver daemon (nvidia-fabricmanager) is not running");
  x.explanation = "CUDA_ERROR_SYSTEM_NOT_READY means the system is not yet ready to run CUDA because a driver "
                  "daemon is missing. On HGX/DGX machines with NVSwitch that is the fabric manager, whose version "
                  "must equal the driver's (gpustack/gpustack#1254).";
  x.fix = {"sudo systemctl enable --now nvidia-fabricmanager",
           "systemctl status nvidia-fabricmanager; journalctl -u nvidia-fabricmanager",
           "install nvidia-fabricmanager-<driver branch> of exactly the driver's version"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
