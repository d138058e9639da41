// Helpers shared by the framework rules.
#include <algorithm>

#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

std::string framework_display(const std::string& fw) {
  if (fw == "tensorflow") return "TensorFlow";
  if (fw == "torch") return "PyTorch";
  if (fw == "jax") return "JAX";
  return fw;
}

std::string install_subject(const facts::FrameworkInstall& inst) {
  return inst.framework + " " + inst.version + " in " + inst.env_prefix;
}

std::string install_title(const facts::FrameworkInstall& inst) {
  std::string t = framework_display(inst.framework) + " " + inst.version + " in " + inst.env_prefix;
  if (!inst.python_version.empty()) t += " (Python " + inst.python_version + ")";
  return t;
}

std::string env_pip(const facts::FrameworkInstall& inst) {
  if (inst.env_kind == "system" || inst.env_kind == "user") return "python" + inst.python_version + " -m pip";
  return inst.env_prefix + "/bin/python -m pip";
}

findings::Finding install_finding(const RuleInfo& info, const facts::FrameworkInstall& inst, std::string message) {
  auto f = make_finding(info, install_title(inst) + ": " + std::move(message));
  f.subject = install_subject(inst);
  f.area = "frameworks";
  return f;
}

std::string cuda_wheels_fix(const facts::FrameworkInstall& inst) {
  if (inst.framework == "tensorflow" && !inst.and_cuda_extra.empty())
    return env_pip(inst) + " install '" + inst.distribution + "[and-cuda]==" + inst.version + "'";
  if (inst.framework == "jax") {
    std::string major = util::version_prefix(inst.cuda_version, 1);
    if (major.empty()) major = "12";
    return env_pip(inst) + " install 'jax[cuda" + major + "]" + (inst.jax_version.empty() ? "" : "==" + inst.jax_version) + "'";
  }
  if (inst.framework == "torch") {
    // A torch CUDA wheel from PyPI declares its nvidia-* wheels; reinstalling brings them back.
    return env_pip(inst) + " install --force-reinstall 'torch==" + inst.version + "'";
  }
  return "";
}

std::vector<std::string> machine_ccs(const facts::Facts& f) {
  std::vector<std::string> out;
  for (const auto& g : f.pci.gpus)
    if (!g.compute_capability.empty() && std::find(out.begin(), out.end(), g.compute_capability) == out.end())
      out.push_back(g.compute_capability);
  return out;
}

}  // namespace gpudoctor::rules
