// Uncorrectable ECC errors, or page retirement / row remapping pending or failed.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_gpu_memory_errors) {
  for (const auto& g : ctx.facts.live.nvml.gpus) {
    std::vector<std::string> what;
    if (g.ecc_uncorrected_volatile > 0)
      what.push_back(fmt::format("{} uncorrectable ECC errors since the driver loaded", g.ecc_uncorrected_volatile));
    if (g.retired_pages_pending == 1) what.push_back("page retirement pending");
    if (g.remap_pending == 1) what.push_back("row remapping pending");
    if (g.remap_failure == 1) what.push_back("row remapping failed");
    if (what.empty()) continue;
    auto x = make_finding(info, fmt::format("GPU {} ({}): {}", g.index, g.name, fmt::join(what, ", ")));
    x.subject = live_util::gpu_subject(g.pci_bus_id, g.index);
    x.evidence.push_back({"ECC errors (corrected volatile / uncorrected volatile / uncorrected aggregate)",
                          fmt::format("{} / {} / {}", g.ecc_corrected_volatile, g.ecc_uncorrected_volatile,
                                      g.ecc_uncorrected_aggregate)});
    if (g.retired_pages_sbe >= 0)
      x.evidence.push_back({"retired pages (single-bit / double-bit, pending)",
                            fmt::format("{} / {}, {}", g.retired_pages_sbe, g.retired_pages_dbe, g.retired_pages_pending)});
    if (g.remapped_correctable >= 0)
      x.evidence.push_back({"remapped rows (correctable / uncorrectable, pending, failure)",
                            fmt::format("{} / {}, {}, {}", g.remapped_correctable, g.remapped_uncorrectable,
                                        g.remap_pending, g.remap_failure)});
    x.explanation = "Uncorrectable memory errors kill the kernels that hit them (CUDA_ERROR_ECC_UNCORRECTABLE). A "
                    "pending retirement or remap takes effect only after a GPU reset; a failed remap means the "
                    "spare rows are used up and the board needs service.";
    x.fix = {"nvidia-smi -q -d ECC,PAGE_RETIREMENT,ROW_REMAPPER",
             fmt::format("sudo nvidia-smi --gpu-reset -i {}   # applies pending retirement/remapping", g.index),
             "if remapping failed or errors keep coming: RMA the GPU"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
