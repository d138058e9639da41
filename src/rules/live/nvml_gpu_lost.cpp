// NVML says a GPU is lost or needs a reset.
#include <fmt/format.h>

#include <set>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_nvml_gpu_lost) {
  const auto& n = ctx.facts.live.nvml;
  if (!ctx.facts.live.ran) return;
  std::set<int> seen;
  for (const auto& e : n.errors) {
    if (e.code != live_util::kNvmlGpuIsLost && e.code != live_util::kNvmlResetRequired) continue;
    if (!seen.insert(e.device).second) continue;
    std::string bus;
    for (const auto& g : n.gpus)
      if (g.index == e.device) bus = g.pci_bus_id;
    auto x = make_finding(info, fmt::format("GPU {}: {} answered {}", e.device, e.call, live_util::nvml_code(ctx, e.code)));
    x.subject = live_util::gpu_subject(bus, e.device);
    x.evidence.push_back({e.call, live_util::nvml_code(ctx, e.code)});
    x.explanation = "The GPU has fallen off the bus or hit a fault the driver cannot recover from without a reset "
                    "(Xid 79, 74, 48, ...): overheating, power delivery, a bad riser or PCIe slot, or a hardware "
                    "fault. Nothing can use it until it is reset.";
    x.fix = {"sudo dmesg | grep -iE 'NVRM|Xid'",
             fmt::format("sudo nvidia-smi --gpu-reset -i {}   # with nothing running on it; otherwise reboot", e.device),
             "if it recurs: reseat the card, check power cables and temperatures"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
