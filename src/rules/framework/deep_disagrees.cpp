// --deep: the live check and gpudoctor's static verdict disagree about an install.
#include "rules/framework/framework_rules.hpp"
#include "rules/framework/verdict.hpp"
#include "rules/registry.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_deep_disagrees) {
  if (ctx.facts.frameworks.deep.empty()) return;
  // The static verdict is what the rules say without the live outcomes; this copy has
  // none, so the nested run does not come back here.
  facts::Facts static_facts = ctx.facts;
  static_facts.frameworks.deep.clear();
  auto static_findings = run_rules(static_facts, ctx.kb);
  auto verdicts = framework_verdicts(static_facts, static_findings);
  using S = FrameworkVerdict::Status;
  for (const auto& inst : ctx.facts.frameworks.installs) {
    const auto* c = deep_check_of(ctx.facts, inst);
    // A check that timed out or could not run has no verdict to compare.
    if (!c || c->status == "timeout" || c->status == "not_run") continue;
    const FrameworkVerdict* v = nullptr;
    for (const auto& x : verdicts)
      if (x.subject == install_subject(inst)) v = &x;
    if (!v) continue;
    const bool live_gpu = deep_used_gpu(*c);
    const bool static_gpu = v->status != S::no_gpu;
    if (live_gpu == static_gpu) continue;
    std::string msg = static_gpu ? "--deep disagrees with the static checks: they found nothing that stops it, but "
                                   "live it " + deep_summary(*c)
                                 : "--deep disagrees with the static checks: they said it will not use the GPU (" +
                                       v->code + ": " + v->reason + "), but live it " + deep_summary(*c);
    auto x = install_finding(info, inst, msg);
    x.evidence.push_back({"static verdict", static_gpu ? "can use the GPU" : "will not use the GPU [" + v->code + "]"});
    x.evidence.push_back({"live check", deep_summary(*c)});
    x.explanation = static_gpu
                        ? "What the framework does at run time is the truth; gpudoctor's model of this install (its "
                          "build, the libraries it would load, the driver) missed what stops it. The other --deep "
                          "finding about this install quotes the framework's own reason."
                        : "The framework used the GPU although gpudoctor predicted it would not: the static finding "
                          "rests on a wrong assumption here (a library loaded from a place gpudoctor does not model, "
                          "a conda activation script setting LD_LIBRARY_PATH, ...). Trust the live result.";
    x.fix.push_back("gpudoctor collect --deep -o facts.json   # attach to a gpudoctor bug report");
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
