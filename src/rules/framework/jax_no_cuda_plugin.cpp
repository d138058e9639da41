// JAX is installed without its CUDA plugin, so it only has the CPU backend.
#include "rules/framework/framework_rules.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_jax_no_cuda_plugin) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (inst.framework != "jax" || inst.build != "cpu") continue;
    auto x = install_finding(info, inst, "has jaxlib " + inst.jaxlib_version + " but no jax-cuda*-plugin, so only "
                                             "the CPU backend exists");
    x.evidence.push_back({inst.site_packages, "no jax_cuda12_plugin / jax_cuda13_plugin distribution"});
    x.explanation = "Since jaxlib 0.4.x the PyPI jaxlib wheel is CPU-only; CUDA support comes from the "
                    "jax-cudaNN-plugin and jax-cudaNN-pjrt wheels that `jax[cuda12]` installs.";
    x.fix.push_back(cuda_wheels_fix(inst));
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
