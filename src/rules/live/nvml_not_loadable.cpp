// libnvidia-ml.so.1 cannot be loaded, so NVML's view of the GPUs is missing.
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_nvml_not_loadable) {
  const auto& n = ctx.facts.live.nvml;
  if (!ctx.facts.live.ran || n.run.outcome != "ok" || n.library.loaded) return;
  auto x = make_finding(info, "dlopen(\"libnvidia-ml.so.1\") failed: " + n.library.error);
  x.subject = "nvml";
  x.evidence.push_back(live_util::nvml_evidence(ctx.facts));
  x.explanation = "NVML ships with the NVIDIA driver (nvidia-smi uses it). Without it this report cannot say which "
                  "processes hold GPU memory, the compute mode, MIG, clocks, ECC or PCIe state. CUDA itself does "
                  "not need it.";
  x.fix = {"ldconfig -p | grep libnvidia-ml", "install the driver's utilities (Debian/Ubuntu: nvidia-utils-<branch>)"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
