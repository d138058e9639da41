// cuInit returned 804: forward compatibility on a GPU that does not support it.
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_cuda_compat_unsupported_gpu) {
  auto r = live_util::cuinit_result(ctx.facts);
  if (!r || *r != live_util::kCuCompatNotSupported) return;
  auto x = live_util::cuinit_finding(ctx, info, "CUDA forward compatibility is not supported on this GPU");
  x.explanation = "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE: the forward-compatibility libcuda (cuda-compat) "
                  "lets an older kernel driver run a newer CUDA, but only on data-center GPUs; on GeForce and "
                  "most workstation cards it refuses (gpustack/gpustack#1254). The application wanted a CUDA "
                  "newer than the installed driver supports.";
  x.fix = {"remove the cuda-compat libcuda from the library path (ldconfig -p | grep libcuda)",
           "install a driver new enough for the CUDA version the application needs",
           "or use a build of the application for the CUDA version the driver supports (nvidia-smi, top right)"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
