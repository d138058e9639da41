// Two distributions of one framework in one environment overwrite each other's files.
#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_framework_multiple_installs) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (inst.framework == "jax") continue;  // jax, jaxlib and the plugins are meant to coexist
    std::vector<std::string> dists = inst.distributions;
    // Windows: tensorflow is a meta package requiring tensorflow-intel of the same version.
    if (dists.size() == 2 && dists[0] == "tensorflow " + inst.version && dists[1] == "tensorflow-intel " + inst.version)
      continue;
    if (dists.size() < 2) continue;
    auto x = install_finding(info, inst, "has " + std::to_string(dists.size()) + " distributions installing the same package: " +
                                             util::join(dists, ", "));
    x.evidence.push_back({inst.site_packages, util::join(dists, ", ")});
    x.explanation = "Each distribution writes the same package directory; the files are a mix of whichever was "
                    "installed last, so the build gpudoctor reads may not be the one pip reports.";
    for (size_t i = 0; i < dists.size(); ++i) {
      std::string name = dists[i].substr(0, dists[i].find(' '));
      x.fix.push_back(i == 0 ? env_pip(inst) + " uninstall -y " + name : "    " + env_pip(inst) + " uninstall -y " + name);
    }
    x.fix.push_back(env_pip(inst) + " install '" + (inst.framework == "tensorflow" ? "tensorflow[and-cuda]" : "torch") +
                    "==" + inst.version + "'");
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
