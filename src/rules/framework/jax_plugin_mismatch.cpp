// The JAX CUDA plugin's version differs from jaxlib's (or the pjrt plugin's), so JAX ignores it.
#include "kb/framework_kb.hpp"
#include "rules/framework/framework_rules.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_jax_plugin_version_mismatch) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (inst.framework != "jax" || inst.build != "cuda") continue;
    std::string msg;
    if (!inst.plugin.empty() && !kb::jax_versions_match(inst.plugin_version, inst.jaxlib_version))
      msg = inst.plugin + " " + inst.plugin_version + " does not match jaxlib " + inst.jaxlib_version +
            ", so JAX will not use it";
    else if (!inst.pjrt.empty() && !inst.plugin.empty() && !kb::jax_versions_match(inst.pjrt_version, inst.plugin_version))
      msg = inst.pjrt + " " + inst.pjrt_version + " does not match " + inst.plugin + " " + inst.plugin_version;
    else if (inst.plugin.empty() && !inst.pjrt.empty())
      msg = inst.pjrt + " " + inst.pjrt_version + " is installed without the jax-cuda plugin it belongs to";
    else
      continue;
    auto x = install_finding(info, inst, msg);
    x.evidence.push_back({"jaxlib", inst.jaxlib_version});
    if (!inst.plugin.empty()) x.evidence.push_back({inst.plugin, inst.plugin_version});
    if (!inst.pjrt.empty()) x.evidence.push_back({inst.pjrt, inst.pjrt_version});
    x.explanation = "jaxlib/plugin_support.py accepts a plugin only when its version equals jaxlib's; otherwise it "
                    "warns \"JAX plugin ... is not compatible with the installed jaxlib version ..., so it will not "
                    "be used\" and JAX runs on the CPU.";
    x.fix.push_back(cuda_wheels_fix(inst));
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
