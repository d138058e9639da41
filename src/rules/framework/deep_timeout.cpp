// --deep: the framework's GPU check did not finish within the timeout.
#include "rules/framework/deep_log.hpp"
#include "rules/framework/framework_rules.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_deep_timeout) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    const auto* c = deep_check_of(ctx.facts, inst);
    if (!c || c->status != "timeout") continue;
    auto lc = explain_deep_log(ctx.kb, *c);
    std::string msg = "--deep: " + deep_summary(*c);
    if (lc) msg += "; before that, " + describe_log_cause(*c, lc);
    auto x = install_finding(info, inst, msg);
    x.evidence.push_back({c->python + " -c <" + inst.framework + " check>", "killed after " + deep_summary(*c)});
    if (lc) {
      x.cause = lc->cause;
      x.fix = lc->fix;
    }
    x.explanation = "Importing the framework and running one small matmul normally takes seconds. Hanging here "
                    "points at a first-run PTX JIT compilation (minutes), a GPU held by another process, a wedged "
                    "driver, or a slow network file system holding the environment.";
    x.fix.push_back("gpudoctor --deep --deep-timeout 600 --framework " + inst.framework +
                    "   # give a first-run JIT compilation time");
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
