// CUDA sees no device (cuInit returned 100 or zero devices).
#include <fmt/format.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {
GD_RULE(check_cuda_no_device) {
  const auto& f = ctx.facts;
  if (!live_util::cuda_sees_no_device(f) || live_util::visible_devices_hide_all(f)) return;
  // MIG with no instance gives the same answer and has its own finding (R932).
  for (const auto& g : f.live.nvml.gpus)
    if (g.mig_current == 1 && g.mig_instances == 0) return;
  auto x = live_util::cuinit_finding(ctx, info, "the driver reports no CUDA device");
  if (f.live.cuda.init_result == 0) x.message = "CUDA sees 0 devices";
  x.evidence.push_back({"/sys/bus/pci/devices", fmt::format("{} NVIDIA GPU(s)", f.pci.gpus.size())});
  int nodes = 0;
  for (const auto& n : f.driver.device_nodes)
    if (n.exists && n.path.rfind("/dev/nvidia", 0) == 0 && n.path.find_first_of("0123456789") != std::string::npos)
      ++nodes;
  x.evidence.push_back({"/dev/nvidiaN", fmt::format("{} present", nodes)});
  if (!f.host.container.empty()) x.evidence.push_back({"container", f.host.container});
  x.explanation = "libcuda loaded and initialised but found no GPU it may use: no /dev/nvidiaN device node (a "
                  "container started without GPU access, or nodes never created), a GPU that the driver did not "
                  "bind, or no NVIDIA GPU at all.";
  x.fix = {"nvidia-smi -L",
           "ls -l /dev/nvidia*",
           "in a container: docker run --gpus all ... (Kubernetes: request nvidia.com/gpu)"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
