// Keras 3 is installed beside a TensorFlow older than 2.16, which expects Keras 2.
#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_keras3_with_old_tensorflow) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (inst.framework != "tensorflow" || inst.keras_version.empty()) continue;
    if (util::compare_versions(inst.keras_version, "3") < 0 || util::compare_versions(inst.version, "2.16") >= 0) continue;
    auto x = install_finding(info, inst, "has keras " + inst.keras_version + " beside it; TensorFlow before 2.16 "
                                             "needs Keras 2");
    x.evidence.push_back({"keras", inst.keras_version});
    x.explanation = "tf.keras in TensorFlow < 2.16 is Keras 2; with Keras 3 installed, `import keras` gets a Keras "
                    "that may run on another backend (JAX, PyTorch) or fail, so models silently leave TensorFlow's GPU path.";
    x.fix.push_back(env_pip(inst) + " install 'keras<3' (or upgrade TensorFlow to 2.16+)");
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
