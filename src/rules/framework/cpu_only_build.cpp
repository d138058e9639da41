// The installed framework build has no CUDA support (tensorflow-cpu, torch +cpu, a ROCm build).
#include "rules/framework/framework_rules.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_framework_cpu_only_build) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    // JAX without its CUDA plugin has its own code (F709).
    if (inst.framework == "jax" || (inst.build != "cpu" && inst.build != "rocm" && inst.build != "metal")) continue;
    std::string what = inst.build == "rocm" ? "a ROCm (AMD) build" : inst.build == "metal" ? "an Apple Metal build"
                                                                                          : "a CPU-only build";
    auto x = install_finding(info, inst, "is " + what + " (" + inst.distribution + " " + inst.version + ")");
    x.evidence.push_back({inst.build_source, inst.framework == "torch" ? "cuda = None" : "is_cuda_build = False"});
    x.explanation = "This build contains no CUDA code, so it can never use an NVIDIA GPU, whatever the driver and "
                    "libraries on the machine.";
    if (inst.framework == "tensorflow") {
      if (inst.distribution != "tensorflow")
        x.fix.push_back(env_pip(inst) + " uninstall -y " + inst.distribution);
      x.fix.push_back(env_pip(inst) + " install 'tensorflow[and-cuda]==" + inst.version + "'");
    } else {
      std::string base = inst.version.substr(0, inst.version.find('+'));
      x.fix.push_back(env_pip(inst) + " install --force-reinstall 'torch==" + base +
                      "' --index-url https://download.pytorch.org/whl/cu126  # pick the cuXYZ your driver supports");
    }
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
