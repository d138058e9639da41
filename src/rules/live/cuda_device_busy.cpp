// CUDA answered 46 CUDA_ERROR_DEVICE_UNAVAILABLE: the GPU is exclusive to another process or prohibited.
#include <fmt/format.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_cuda_device_busy) {
  auto r = live_util::cuinit_result(ctx.facts);
  if (!r) return;
  if (*r == live_util::kCuDeviceUnavailable) {
    auto x = live_util::cuinit_finding(ctx, info, "the GPU is busy or unavailable (compute mode)");
    x.fix = {"nvidia-smi -q -d COMPUTE", "sudo nvidia-smi -c DEFAULT"};
    out.push_back(std::move(x));
    return;
  }
  for (const auto& d : ctx.facts.live.cuda.devices) {
    if (d.context_result != live_util::kCuDeviceUnavailable) continue;
    auto x = make_finding(info, fmt::format("GPU {} ({}): a CUDA context cannot be created: {}", d.ordinal, d.name,
                                            live_util::cuda_code(ctx, d.context_result)));
    x.subject = live_util::gpu_subject(d.pci_bus_id, d.ordinal);
    x.evidence.push_back({"cuDevicePrimaryCtxRetain", live_util::cuda_code(ctx, d.context_result)});
    if (d.compute_mode >= 0)
      x.evidence.push_back({"CU_DEVICE_ATTRIBUTE_COMPUTE_MODE", std::to_string(d.compute_mode)});
    x.explanation = "CUDA_ERROR_DEVICE_UNAVAILABLE: the GPU is in compute mode EXCLUSIVE_PROCESS and another "
                    "process already has a context on it, or in PROHIBITED mode where nobody may create one.";
    x.fix = {"nvidia-smi -q -d COMPUTE   # the compute mode",
             "nvidia-smi --query-compute-apps=pid,process_name --format=csv   # who holds it",
             "sudo nvidia-smi -i " + std::to_string(d.ordinal) + " -c DEFAULT   # if sharing is wanted"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
