// CUDA sees no device because CUDA_VISIBLE_DEVICES hides every GPU.
#include <fmt/format.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {
GD_RULE(check_cuda_no_device_hidden) {
  if (!live_util::visible_devices_hide_all(ctx.facts)) return;
  std::string cvd = *live_util::env(ctx.facts, "CUDA_VISIBLE_DEVICES");
  auto x = live_util::cuinit_finding(ctx, info, fmt::format("CUDA_VISIBLE_DEVICES=\"{}\" hides every GPU", cvd));
  if (ctx.facts.live.cuda.init_result == 0) x.message = fmt::format("CUDA sees 0 devices: CUDA_VISIBLE_DEVICES=\"{}\" hides every GPU", cvd);
  x.evidence.push_back({"CUDA_VISIBLE_DEVICES", "\"" + cvd + "\""});
  if (!ctx.facts.pci.gpus.empty())
    x.evidence.push_back({"/sys/bus/pci/devices", fmt::format("{} NVIDIA GPU(s)", ctx.facts.pci.gpus.size())});
  if (ctx.facts.live.nvml.device_count > 0)
    x.evidence.push_back({"nvmlDeviceGetCount", std::to_string(ctx.facts.live.nvml.device_count)});
  x.explanation = "CUDA_VISIBLE_DEVICES lists the GPUs a process may use, by index or UUID; an empty value, -1, "
                  "or an entry that matches no GPU (the list stops at the first invalid entry) leaves CUDA "
                  "with nothing. cuInit then reports CUDA_ERROR_NO_DEVICE although the GPUs are fine.";
  x.fix = {"unset CUDA_VISIBLE_DEVICES",
           "or list real GPUs: nvidia-smi -L, then export CUDA_VISIBLE_DEVICES=0 (or a GPU-... UUID)",
           "look for where it is set: grep -rn CUDA_VISIBLE_DEVICES ~/.bashrc ~/.profile /etc/environment"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
