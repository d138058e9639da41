// MIG is enabled on a GPU but no MIG instance exists.
#include <fmt/format.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_mig_no_instance) {
  for (const auto& g : ctx.facts.live.nvml.gpus) {
    if (g.mig_current != 1 || g.mig_instances != 0) continue;
    auto x = make_finding(info, fmt::format("GPU {} ({}): MIG is enabled but no MIG instance exists", g.index, g.name));
    x.subject = live_util::gpu_subject(g.pci_bus_id, g.index);
    x.evidence.push_back({"nvmlDeviceGetMigMode", fmt::format("current {}, pending {}", g.mig_current, g.mig_pending)});
    x.evidence.push_back({"nvmlDeviceGetMigDeviceHandleByIndex", "no instance"});
    if (live_util::cuda_sees_no_device(ctx.facts))
      x.evidence.push_back({"cuInit / cuDeviceGetCount", "no CUDA device"});
    x.explanation = "With MIG mode on, CUDA runs only on MIG instances (GPU instance + compute instance). Until an "
                    "administrator creates some, the GPU is invisible to CUDA.";
    x.fix = {"nvidia-smi mig -lgip   # the instance profiles",
             "sudo nvidia-smi mig -cgi 9,9 -C   # create instances (profile ids from the list)",
             "or turn MIG off: sudo nvidia-smi -i " + std::to_string(g.index) + " -mig 0 (then reset the GPU)"};
    x.explains = {"R906"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
