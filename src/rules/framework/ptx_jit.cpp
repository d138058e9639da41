// Only PTX matches this GPU: the framework works but JIT-compiles its kernels at start-up.
#include "rules/framework/cc_coverage.hpp"
#include "rules/framework/framework_rules.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_framework_ptx_jit) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (inst.build != "cuda") continue;
    for (const auto& cc : machine_ccs(ctx.facts)) {
      auto m = match_compute_capability(inst, cc);
      if (m.coverage != CcCoverage::ptx_only) continue;
      std::string isa;
      for (const auto& g : inst.gpu_code)
        if (!g.max_ptx_isa.empty()) isa = g.max_ptx_isa;
      auto x = install_finding(info, inst, "has no SASS for compute capability " + cc + "; its kernels will be "
                                               "JIT-compiled from compute_" + std::to_string(m.ptx_arch) + " PTX at start-up");
      x.evidence.push_back({m.source, "PTX compute_" + std::to_string(m.ptx_arch) + (isa.empty() ? "" : ", PTX ISA " + isa)});
      x.explanation = "The driver compiles the PTX for this GPU on first use: start-up takes minutes (TensorFlow warns "
                      "\"could take 30 minutes or longer\"), the result is cached in ~/.nv/ComputeCache, and the "
                      "driver must understand the PTX ISA version.";
      x.fix.push_back("set CUDA_CACHE_MAXSIZE=4294967296 so the JIT cache keeps the compiled kernels");
      x.fix.push_back("or install a " + framework_display(inst.framework) + " build with SASS for compute capability " + cc);
      out.push_back(std::move(x));
    }
  }
}

}  // namespace gpudoctor::rules
