// --deep: the framework sees a GPU, but its small matmul on it failed or ran elsewhere.
#include "rules/framework/deep_log.hpp"
#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_deep_matmul_failed) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    const auto* c = deep_check_of(ctx.facts, inst);
    if (!c || c->gpu_count <= 0) continue;
    if (c->status != "check_failed" && !(c->status == "ok" && !deep_used_gpu(*c))) continue;
    auto lc = explain_deep_log(ctx.kb, *c);
    std::string msg = "--deep: " + deep_summary(*c);
    if (c->status == "ok") msg += ", not on the GPU it was pinned to";
    if (lc) msg += "; " + describe_log_cause(*c, lc);
    auto x = install_finding(info, inst, msg);
    x.evidence.push_back({c->python + " -c <" + inst.framework + " check>", deep_summary(*c)});
    if (lc) {
      x.cause = lc->cause;
      x.fix = lc->fix;
      x.evidence.push_back({"log", lc->quote.empty() ? lc->message : lc->quote});
    }
    x.explanation = "The framework found the GPU, but the first computation on it failed: typically no kernel "
                    "image for this GPU's compute capability, cuBLAS or cuDNN failing to initialise, or the "
                    "GPU's memory held by other processes.";
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
