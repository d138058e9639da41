// The framework has no kernels (SASS or PTX) for this GPU's compute capability.
#include "rules/framework/cc_coverage.hpp"
#include "rules/framework/framework_rules.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_framework_cc_unsupported) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (inst.build != "cuda") continue;
    for (const auto& cc : machine_ccs(ctx.facts)) {
      auto m = match_compute_capability(inst, cc);
      if (m.coverage != CcCoverage::none) continue;
      auto x = install_finding(info, inst, "has no GPU code for compute capability " + cc +
                                               " (\"no kernel image is available for execution on the device\")");
      x.evidence.push_back({m.source, "no sm_" + std::to_string(static_cast<int>(std::stod(cc) * 10 + 0.5)) +
                                          "-compatible SASS and no PTX at or below it"});
      x.explanation = "A GPU runs a cubin built for its own major architecture (same major, minor not above its own) "
                      "or JIT-compiles PTX of an older virtual architecture; this build has neither, so every "
                      "kernel launch fails.";
      x.fix.push_back("install a " + framework_display(inst.framework) + " build that supports compute capability " + cc +
                      " (a newer release, or one built with TORCH_CUDA_ARCH_LIST / TF_CUDA_COMPUTE_CAPABILITIES including it)");
      out.push_back(std::move(x));
    }
  }
}

}  // namespace gpudoctor::rules
