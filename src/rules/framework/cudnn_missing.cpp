// cuDNN is not found where the framework looks for it, in any version.
#include "rules/framework/framework_rules.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_framework_cudnn_missing) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    for (const auto& l : inst.libraries) {
      if (l.id != "cudnn" || !l.path.empty() || !l.other_versions.empty()) continue;
      auto x = install_finding(info, inst, "needs " + l.soname + " (cuDNN " + inst.cudnn_version +
                                               ") and no cuDNN is reachable");
      x.evidence.push_back({"loader", inst.loader});
      x.evidence.push_back({l.soname, "not found"});
      x.explanation = "Without cuDNN the framework cannot run convolutions or RNNs on the GPU; TensorFlow then "
                      "registers no GPU at all.";
      if (auto fix = cuda_wheels_fix(inst); !fix.empty()) x.fix.push_back(fix);
      out.push_back(std::move(x));
    }
  }
}

}  // namespace gpudoctor::rules
