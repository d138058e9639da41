// --deep: importing the framework failed, or its Python died before answering.
#include "rules/framework/deep_log.hpp"
#include "rules/framework/framework_rules.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_deep_import_failed) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    const auto* c = deep_check_of(ctx.facts, inst);
    if (!c || (c->status != "import_failed" && c->status != "crashed")) continue;
    auto lc = explain_deep_log(ctx.kb, *c);
    std::string msg = "--deep: " + deep_summary(*c);
    if (lc) msg += "; " + describe_log_cause(*c, lc);
    auto x = install_finding(info, inst, msg);
    x.evidence.push_back({c->python + " -c <" + inst.framework + " check>",
                          c->status + (c->signal ? ", signal " + std::to_string(c->signal)
                                                 : ", exit status " + std::to_string(c->exit_code))});
    if (lc) {
      x.cause = lc->cause;
      x.fix = lc->fix;
      x.evidence.push_back({"log", lc->quote.empty() ? lc->message : lc->quote});
    }
    x.explanation = "A program that imports this framework fails the same way before it can use any device. "
                    "The error and the framework's log name the file or symbol it stumbled on.";
    if (x.fix.empty())
      x.fix.push_back(c->python + " -c 'import " + inst.framework + "'   # shows the full error");
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
