// The PCIe link runs narrower, or under load slower, than the GPU and slot allow.
#include <fmt/format.h>

#include "live/pcie_link.hpp"
#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {
namespace {

// Links drop to Gen1 when idle to save power, so a low generation means something only
// under load.
constexpr int kBusyUtilization = 50;

}  // namespace

GD_RULE(check_pcie_link_downgraded) {
  for (const auto& g : ctx.facts.live.nvml.gpus) {
    if (g.pcie_width <= 0 || g.pcie_width_max <= 0 || g.pcie_gen <= 0 || g.pcie_gen_max <= 0) continue;
    bool narrow = g.pcie_width < g.pcie_width_max;
    bool slow = g.pcie_gen < g.pcie_gen_max && g.utilization_gpu >= kBusyUtilization;
    if (!narrow && !slow) continue;
    auto x = make_finding(info, fmt::format("GPU {} ({}): PCIe link at Gen{} x{}, the GPU and slot allow Gen{} x{} "
                                            "({:.1f} of {:.1f} GB/s per direction)",
                                            g.index, g.name, g.pcie_gen, g.pcie_width, g.pcie_gen_max, g.pcie_width_max,
                                            live::pcie_gbs(g.pcie_gen, g.pcie_width),
                                            live::pcie_gbs(g.pcie_gen_max, g.pcie_width_max)));
    x.subject = live_util::gpu_subject(g.pci_bus_id, g.index);
    x.evidence.push_back({"nvmlDeviceGetCurrPcieLinkGeneration/Width", fmt::format("Gen{} x{}", g.pcie_gen, g.pcie_width)});
    x.evidence.push_back({"nvmlDeviceGetMaxPcieLinkGeneration/Width", fmt::format("Gen{} x{}", g.pcie_gen_max, g.pcie_width_max)});
    if (g.utilization_gpu >= 0) x.evidence.push_back({"utilization", fmt::format("{}%", g.utilization_gpu)});
    x.explanation = "A link that trained narrower or slower than both ends support cuts host<->device bandwidth: a "
                    "card not fully seated, a riser or cable, a slot shared with another device, or a BIOS setting "
                    "forcing a lower generation.";
    x.fix = {"sudo lspci -vv -s " + (g.pci_bus_id.empty() ? std::string("<bus id>") : live::normalize_bdf(g.pci_bus_id)) +
                 " | grep -E 'LnkCap|LnkSta'",
             "reseat the card / try another slot, check the BIOS PCIe speed setting",
             "measure it: gpudoctor selftest"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
