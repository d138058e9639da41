// LD_LIBRARY_PATH makes the framework load system CUDA libraries instead of its own wheels.
#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_ld_library_path_shadows_wheel) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    std::vector<const facts::FrameworkLib*> hit;
    for (const auto& l : inst.libraries)
      if (!l.shadowed_path.empty() && l.found_via == "LD_LIBRARY_PATH") hit.push_back(&l);
    if (hit.empty()) continue;
    std::vector<std::string> names;
    for (const auto* l : hit) names.push_back(l->soname);
    auto x = install_finding(info, inst, "LD_LIBRARY_PATH makes it load " + util::join(names, ", ") +
                                             " from the system instead of its own nvidia-* wheels");
    for (const auto* l : hit)
      x.evidence.push_back({l->soname, l->path + (l->version.empty() ? "" : " (" + l->version + ")") + " hides " +
                                           l->shadowed_path + (l->shadowed_version.empty() ? "" : " (" + l->shadowed_version + ")")});
    x.explanation = "The framework finds its wheels through DT_RUNPATH, which the loader searches after "
                    "LD_LIBRARY_PATH; an older system copy of the same soname wins and can be rejected at runtime.";
    x.fix.push_back("unset LD_LIBRARY_PATH (or remove the CUDA directories from it) before starting Python");
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
