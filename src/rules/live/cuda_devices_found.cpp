// libcuda initialised and lists the GPUs CUDA programs will see.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "live/cuda_probe.hpp"
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_cuda_devices_found) {
  auto r = live_util::cuinit_result(ctx.facts);
  const auto& c = ctx.facts.live.cuda;
  if (!r || *r != 0 || c.device_count <= 0) return;
  std::vector<std::string> names;
  for (const auto& d : c.devices) names.push_back(fmt::format("{} {}", d.ordinal, d.name));
  auto x = make_finding(info, fmt::format("the CUDA {} driver sees {} GPU{}: {}", live::format_cuda_version(c.driver_version),
                                          c.device_count, c.device_count == 1 ? "" : "s", fmt::join(names, ", ")));
  x.subject = "libcuda";
  x.evidence.push_back(live_util::libcuda_evidence(ctx.facts));
  for (const auto& d : c.devices)
    x.evidence.push_back({fmt::format("GPU {}", d.ordinal),
                          fmt::format("{} {} cc {}.{}, {} SMs, {} MHz, {} ({} free), {}-bit memory bus, context {}",
                                      d.pci_bus_id, d.uuid, d.cc_major, d.cc_minor, d.sm_count, d.clock_khz / 1000,
                                      live_util::gib(d.total_mem_bytes), live_util::gib(d.free_mem_bytes),
                                      d.bus_width_bits, d.context_result == 0 ? "ok" : live_util::cuda_code(ctx, d.context_result))});
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
