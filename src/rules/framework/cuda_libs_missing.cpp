// The framework needs a CUDA runtime / cuBLAS / cuFFT / ... major that no load path provides.
#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_framework_cuda_libs_missing) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    std::vector<const facts::FrameworkLib*> missing;
    for (const auto& l : inst.libraries)
      if (l.required && l.path.empty() && l.id != "cudnn") missing.push_back(&l);
    if (missing.empty()) continue;
    std::vector<std::string> names, have;
    for (const auto* l : missing) {
      names.push_back(l->soname);
      for (const auto& o : l->other_versions) have.push_back(o);
    }
    std::string msg = "needs " + util::join(names, ", ") + " (CUDA " + inst.cuda_version +
                      ") and no load path provides " + (names.size() == 1 ? "it" : "them");
    if (!have.empty()) msg += "; this machine has " + have.front();
    auto x = install_finding(info, inst, msg);
    x.evidence.push_back({"loader", inst.loader});
    for (const auto* l : missing)
      x.evidence.push_back({l->soname, "not found" + std::string(l->other_versions.empty() ? "" : "; other versions: " +
                                                                     util::join(l->other_versions, ", "))});
    x.explanation = framework_display(inst.framework) +
                    " loads the CUDA libraries by exact soname; a library of another major version does not "
                    "satisfy it, and without them it registers no GPU and runs on the CPU.";
    if (auto fix = cuda_wheels_fix(inst); !fix.empty()) x.fix.push_back(fix);
    x.fix.push_back("or install the CUDA " + util::version_prefix(inst.cuda_version, 1) +
                    " toolkit libraries and make them reachable (ldconfig or LD_LIBRARY_PATH)");
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
