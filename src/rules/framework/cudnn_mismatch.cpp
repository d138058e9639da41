// The cuDNN the framework would load is of another major, or older than it was built with.
#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_framework_cudnn_mismatch) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    for (const auto& l : inst.libraries) {
      if (l.id != "cudnn") continue;
      std::string msg;
      if (l.path.empty() && !l.other_versions.empty()) {
        msg = "needs " + l.soname + " and this machine has " + util::join(l.other_versions, ", ");
      } else if (!l.path.empty() && !l.min_version.empty() && !l.version.empty() &&
                 util::compare_versions(util::version_prefix(l.version, 2), l.min_version) < 0) {
        // cuda_dnn.cc: "CuDNN library needs to have matching major version and equal or
        // higher minor version" (research/tf-compat.md 4 #32).
        msg = "would load cuDNN " + l.version + " from " + l.path + ", older than the " + l.min_version +
              " it needs";
      } else {
        continue;
      }
      auto x = install_finding(info, inst, msg);
      x.evidence.push_back({"loader", inst.loader});
      x.evidence.push_back({l.soname, l.path.empty() ? "not found" : l.path + " (" + l.found_via + ")"});
      x.explanation = "cuDNN must have the major version the framework was built with and at least its minor "
                      "version; otherwise the framework refuses it and runs without the GPU.";
      if (auto fix = cuda_wheels_fix(inst); !fix.empty()) x.fix.push_back(fix);
      out.push_back(std::move(x));
    }
  }
}

}  // namespace gpudoctor::rules
