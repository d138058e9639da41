// The cuDNN the framework would load is of another major, or older than it was built with.
#include "rules/framework/framework_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {
namespace {

// Would the framework accept cuDNN `runtime` when it needs `compiled` (major.minor)?
// TensorFlow (cuda_dnn.cc): "CuDNN library needs to have matching major version and equal
// or higher minor version" (research/tf-compat.md 4 #32). PyTorch
// (torch/backends/cudnn/__init__.py, unchanged from 1.x to 2.x): another major is refused;
// before cuDNN 7 the minor must be equal; from 7 on the runtime minor must be >= the
// compile minor.
bool accepted(const std::string& framework, const std::string& runtime, const std::string& compiled) {
  std::string rt = util::version_prefix(runtime, 2);
  if (util::version_prefix(rt, 1) != util::version_prefix(compiled, 1)) return false;
  auto major = util::parse_int(util::version_prefix(compiled, 1));
  if (framework == "torch" && major && *major < 7) return util::compare_versions(rt, compiled) == 0;
  return util::compare_versions(rt, compiled) >= 0;
}

}  // namespace

GD_FW_RULE(check_framework_cudnn_mismatch) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    for (const auto& l : inst.libraries) {
      if (l.id != "cudnn") continue;
      std::string msg;
      bool from_pin = util::starts_with(l.min_version_source, "pinned requirement");
      if (l.path.empty() && !l.other_versions.empty()) {
        msg = "needs " + l.soname + " and this machine has " + util::join(l.other_versions, ", ");
      } else if (!l.path.empty() && !l.min_version.empty() && !l.version.empty() &&
                 !accepted(inst.framework, l.version, l.min_version)) {
        // PyTorch's own check can be switched off.
        if (inst.framework == "torch" && env(ctx.facts, "PYTORCH_SKIP_CUDNN_COMPATIBILITY_CHECK") == "1") continue;
        msg = "would load cuDNN " + l.version + " from " + l.path + ", older than the " + l.min_version + " it " +
              (from_pin ? "pins" : "was built with");
      } else {
        continue;
      }
      auto x = install_finding(info, inst, msg);
      x.evidence.push_back({"loader", inst.loader});
      x.evidence.push_back({l.soname, l.path.empty() ? "not found" : l.path + " (" + l.found_via + ")"});
      if (!l.min_version.empty() && !l.min_version_source.empty()) x.evidence.push_back({"needs cuDNN " + l.min_version, l.min_version_source});
      x.explanation = "cuDNN must have the major version the framework was built with and at least its minor "
                      "version; otherwise the framework refuses it (PyTorch: \"cuDNN version incompatibility: PyTorch "
                      "was compiled against ... but found runtime version ...\" at the first convolution) and runs "
                      "without it.";
      if (from_pin)
        x.explanation += " The version needed here is the cuDNN wheel this PyTorch pins; the version compiled into it "
                         "could not be read, and is normally the same.";
      if (auto fix = cuda_wheels_fix(inst); !fix.empty()) x.fix.push_back(fix);
      out.push_back(std::move(x));
    }
  }
}

}  // namespace gpudoctor::rules
