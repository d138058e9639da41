// The compute mode keeps this process off the GPU (Prohibited, or Exclusive_Process and taken).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "live/nvml_decode.hpp"
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {
namespace {

constexpr int kExclusiveThread = 1, kProhibited = 2, kExclusiveProcess = 3;

}  // namespace

GD_RULE(check_gpu_exclusive_taken) {
  for (const auto& g : ctx.facts.live.nvml.gpus) {
    std::vector<std::string> holders;
    for (const auto& p : g.processes)
      if (p.type == "compute") holders.push_back(fmt::format("{} {}", p.pid, live_util::short_command(p.command)));
    bool prohibited = g.compute_mode == kProhibited;
    bool taken = (g.compute_mode == kExclusiveProcess || g.compute_mode == kExclusiveThread) && !holders.empty();
    if (!prohibited && !taken) continue;
    std::string mode = live::compute_mode_name(g.compute_mode);
    auto x = make_finding(info, prohibited ? fmt::format("GPU {} ({}): compute mode {}: no process may use it",
                                                         g.index, g.name, mode)
                                           : fmt::format("GPU {} ({}): compute mode {} and taken by {}", g.index,
                                                         g.name, mode, fmt::join(holders, ", ")));
    x.subject = live_util::gpu_subject(g.pci_bus_id, g.index);
    x.evidence.push_back({"nvmlDeviceGetComputeMode", fmt::format("{} ({})", g.compute_mode, mode)});
    for (const auto& p : g.processes)
      if (p.type == "compute") x.evidence.push_back({fmt::format("pid {}", p.pid), p.command});
    x.explanation = "In Exclusive_Process mode one process at a time may hold a CUDA context on the GPU; the next "
                    "gets CUDA_ERROR_DEVICE_UNAVAILABLE (46). Prohibited allows none. Clusters set this on "
                    "purpose; elsewhere it is a leftover.";
    x.fix = {"nvidia-smi -q -d COMPUTE",
             fmt::format("sudo nvidia-smi -i {} -c DEFAULT   # let processes share it", g.index),
             "or wait for / stop the process that holds it"};
    x.explains = {"R915"};
    out.push_back(std::move(x));
  }
  // Without NVML, libcuda's own attribute still tells Prohibited.
  if (!ctx.facts.live.nvml.gpus.empty()) return;
  for (const auto& d : ctx.facts.live.cuda.devices) {
    if (d.compute_mode != kProhibited) continue;
    auto x = make_finding(info, fmt::format("GPU {} ({}): compute mode Prohibited: no process may use it", d.ordinal,
                                            d.name));
    x.subject = live_util::gpu_subject(d.pci_bus_id, d.ordinal);
    x.evidence.push_back({"CU_DEVICE_ATTRIBUTE_COMPUTE_MODE", "2 (Prohibited)"});
    x.explanation = "Prohibited compute mode allows no CUDA context at all on this GPU.";
    x.fix = {fmt::format("sudo nvidia-smi -i {} -c DEFAULT", d.ordinal)};
    x.explains = {"R915"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
