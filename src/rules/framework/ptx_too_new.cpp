// Only PTX matches this GPU, and that PTX is newer than the driver's JIT understands: the
// first kernel launch fails with CUDA_ERROR_UNSUPPORTED_PTX_VERSION (222).
#include <fmt/format.h>

#include "rules/framework/cc_coverage.hpp"
#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {
namespace {

// What CUDA version the driver's JIT speaks: the driver's own answer when the live probe
// has one (cuDriverGetVersion 12040 -> "12.4"), else the newest CUDA release whose
// bundled driver is not newer than the kernel module.
std::string driver_cuda(const Context& ctx, std::string* how) {
  const auto& f = ctx.facts;
  if (f.live.cuda.driver_version > 0) {
    int v = f.live.cuda.driver_version;
    *how = "cuDriverGetVersion";
    return fmt::format("{}.{}", v / 1000, (v % 1000) / 10);
  }
  *how = "driver " + f.driver.version + " (kb/cuda_driver.tsv)";
  return ctx.kb.max_cuda_for_driver(f.driver.version);
}

}  // namespace

GD_FW_RULE(check_framework_ptx_too_new) {
  std::string how;
  const std::string speaks = driver_cuda(ctx, &how);
  if (speaks.empty()) return;  // no driver: other areas say so
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (inst.build != "cuda") continue;
    std::string isa;
    for (const auto& g : inst.gpu_code)
      if (!g.max_ptx_isa.empty() && (isa.empty() || util::compare_versions(g.max_ptx_isa, isa) > 0)) isa = g.max_ptx_isa;
    if (isa.empty()) continue;  // ISA only comes from a scanned fatbin
    const std::string need = ctx.kb.min_cuda_for_ptx_isa(isa);
    if (need.empty() || util::compare_versions(speaks, need) >= 0) continue;
    for (const auto& cc : machine_ccs(ctx.facts)) {
      auto m = match_compute_capability(inst, cc);
      if (m.coverage != CcCoverage::ptx_only) continue;
      auto x = install_finding(info, inst,
                               fmt::format("can only run on compute capability {} by JIT-compiling PTX ISA {}, which "
                                           "needs a CUDA {} driver; this driver speaks CUDA {}",
                                           cc, isa, need, speaks));
      x.evidence.push_back({m.source, fmt::format("PTX compute_{}, ISA {}; no SASS for {}", m.ptx_arch, isa, cc)});
      x.evidence.push_back({how, "CUDA " + speaks});
      x.evidence.push_back({"kb/ptx_isa.tsv", fmt::format("PTX ISA {} needs CUDA {}", isa, need)});
      x.explanation = "Without SASS for this GPU the driver compiles the framework's PTX at start-up, and a driver only "
                      "understands PTX up to its own CUDA version. The first kernel fails with "
                      "CUDA_ERROR_UNSUPPORTED_PTX_VERSION (222, \"the provided PTX was compiled with an unsupported "
                      "toolchain\") and the framework cannot use the GPU.";
      // Minor-version compatibility does not extend to the JIT: it needs the release's own driver.
      std::string driver = ctx.kb.bundled_driver_for_cuda(need);
      x.fix.push_back("upgrade the NVIDIA driver to one made for CUDA " + need + " or newer" +
                      (driver.empty() ? "" : " (" + driver + " or newer)"));
      x.fix.push_back("or install a " + framework_display(inst.framework) + " build with SASS for compute capability " + cc);
      x.explains.push_back("F712");
      out.push_back(std::move(x));
    }
  }
}

}  // namespace gpudoctor::rules
