// A selftest step failed with a CUDA error.
#include <fmt/format.h>

#include "live/code_names.hpp"
#include "rules/live/live_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_RULE(check_selftest_step_failed) {
  const auto& st = ctx.facts.live.selftest;
  if (!st.ran) return;
  for (const auto& d : st.devices) {
    std::vector<const facts::LiveCall*> failed;
    // cuBLASLt trouble only costs the GEMM figure; it is shown in the table, not here.
    for (const auto& e : d.errors)
      if (!util::starts_with(e.call, "cublasLt")) failed.push_back(&e);
    if (failed.empty()) continue;
    const auto& first = *failed.front();
    auto x = make_finding(info, fmt::format("GPU {} ({}): selftest step {} failed: {}", d.ordinal, d.name, first.call,
                                            live_util::cuda_code(ctx, first.code)));
    x.subject = live_util::gpu_subject(d.pci_bus_id, d.ordinal);
    for (const auto* e : failed) x.evidence.push_back({e->call, live_util::cuda_code(ctx, e->code)});
    std::string meaning = live_util::code_meaning(ctx.kb, "kb/status_curesult.tsv", first.code);
    x.explanation = "The GPU initialised but could not run the selftest's plain CUDA work. " + meaning;
    x.fix = {"sudo dmesg | grep -iE 'NVRM|Xid'", "nvidia-smi",
             "222 (unsupported PTX) or 218 (invalid PTX): the driver is older than CUDA 11.0; update it"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
