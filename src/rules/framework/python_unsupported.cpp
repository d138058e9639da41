// The environment's Python is outside what this framework version was built for.
#include "kb/framework_kb.hpp"
#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_framework_python_unsupported) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (inst.python_version.empty()) continue;
    std::string msg, evidence_what, evidence_value;
    if (!inst.python_tag.empty() && inst.python_tag != inst.python_version) {
      // The extension modules are built for one CPython ABI; another one cannot import them.
      msg = "the wheel is built for Python " + inst.python_tag + " but the environment runs Python " + inst.python_version;
      evidence_what = "WHEEL Tag";
      evidence_value = "Python " + inst.python_tag;
    } else if (inst.framework == "tensorflow") {
      auto tested = kb::tf_tested_config(ctx.kb, inst.version);
      if (!tested || (util::compare_versions(inst.python_version, tested->python_min) >= 0 &&
                      util::compare_versions(inst.python_version, tested->python_max) <= 0))
        continue;
      msg = "TensorFlow " + tested->tf + " supports Python " + tested->python_min + "-" + tested->python_max +
            ", the environment runs Python " + inst.python_version;
      evidence_what = "kb/tf_tested.tsv";
      evidence_value = tested->tf + ": Python " + tested->python_min + "-" + tested->python_max;
    } else {
      continue;
    }
    auto x = install_finding(info, inst, msg);
    x.evidence.push_back({evidence_what, evidence_value});
    x.explanation = "No GPU build of this framework version exists for this Python; the install is one pip should "
                    "not have made (copied environment, upgraded interpreter) and will not import cleanly.";
    x.fix.push_back("create the environment with a supported Python, or install a framework version made for "
                    "Python " + inst.python_version);
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
