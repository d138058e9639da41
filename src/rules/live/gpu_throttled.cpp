// The GPU's clocks are held down by heat or power delivery.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "live/nvml_decode.hpp"
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_gpu_throttled) {
  for (const auto& g : ctx.facts.live.nvml.gpus) {
    if (g.clocks_event_reasons < 0) continue;
    auto mask = static_cast<unsigned long long>(g.clocks_event_reasons);
    if (!(mask & live::kReasonsDegrading)) continue;
    auto names = live::clocks_event_reason_names(mask & live::kReasonsDegrading);
    auto x = make_finding(info, fmt::format("GPU {} ({}): clocks held down: {}", g.index, g.name, fmt::join(names, ", ")));
    x.subject = live_util::gpu_subject(g.pci_bus_id, g.index);
    x.evidence.push_back({"nvmlDeviceGetCurrentClocksEventReasons",
                          fmt::format("0x{:x} ({})", mask, fmt::join(live::clocks_event_reason_names(mask), ", "))});
    if (g.temperature_c >= 0) x.evidence.push_back({"temperature", fmt::format("{} C", g.temperature_c)});
    if (g.sm_clock_mhz >= 0)
      x.evidence.push_back({"SM clock", fmt::format("{} MHz (max {} MHz)", g.sm_clock_mhz, g.sm_clock_max_mhz)});
    if (g.power_mw >= 0)
      x.evidence.push_back({"power", fmt::format("{:.0f} W (limit {:.0f} W)", g.power_mw / 1000.0, g.power_limit_mw / 1000.0)});
    x.explanation = "The GPU works but runs slower than it can: thermal slowdown means it is too hot (fans, "
                    "airflow, dust), hardware slowdown and power brake mean the board or the power supply signalled "
                    "a problem.";
    x.fix = {"nvidia-smi -q -d PERFORMANCE,TEMPERATURE,POWER",
             "check airflow, fans and power cables; for a power brake, the PSU and its connectors"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
