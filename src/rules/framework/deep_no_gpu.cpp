// --deep: the framework imports and runs, but sees no GPU.
#include "rules/framework/deep_log.hpp"
#include "rules/framework/framework_rules.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_deep_no_gpu) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    const auto* c = deep_check_of(ctx.facts, inst);
    if (!c || c->gpu_count != 0 || (c->status != "ok" && c->status != "check_failed")) continue;
    auto lc = explain_deep_log(ctx.kb, *c);
    std::string msg = "--deep: " + deep_summary(*c);
    if (lc) msg += "; " + describe_log_cause(*c, lc);
    auto x = install_finding(info, inst, msg);
    x.evidence.push_back({c->python + " -c <" + inst.framework + " check>", deep_summary(*c)});
    if (lc) x.evidence.push_back({"log", lc->quote.empty() ? lc->message : lc->quote});
    // The cause: what the framework's log says; else what the static facts say.
    const bool no_plugin = inst.framework == "jax" && inst.plugin.empty() && inst.pjrt.empty();
    if (lc) {
      x.cause = lc->cause;
      x.fix = lc->fix;
    } else if (inst.build == "cpu" || inst.build == "rocm" || inst.build == "metal") {
      x.cause = no_plugin ? "jax_no_cuda_plugin" : "cpu_only_build";
    } else if (no_plugin) {
      x.cause = "jax_no_cuda_plugin";
    } else if (ctx.facts.pci.sysfs_readable && ctx.facts.pci.gpus.empty()) {
      x.cause = "no_gpu_hardware";
    }
    if (x.fix.empty() && x.cause == "cpu_only_build") {
      // As F701: replace the CPU build rather than add CUDA wheels to it.
      if (inst.framework == "tensorflow") {
        if (inst.distribution != "tensorflow") x.fix.push_back(env_pip(inst) + " uninstall -y " + inst.distribution);
        x.fix.push_back(env_pip(inst) + " install 'tensorflow[and-cuda]==" + inst.version + "'");
      } else {
        x.fix.push_back("gpudoctor explain-code F701   # how to install a CUDA build");
      }
    }
    if (x.fix.empty()) {
      std::string fix = cuda_wheels_fix(inst);
      if (!fix.empty() && x.cause != "no_gpu_hardware") x.fix.push_back(fix);
    }
    x.explanation = "gpudoctor imported the framework in its own Python and asked it for its GPUs: it found none, "
                    "so it runs everything on the CPU. The framework's log usually says why.";
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
