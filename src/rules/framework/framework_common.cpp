// Helpers shared by the framework rules.
#include <algorithm>
#include <cstdio>

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
  // Windows: a venv's interpreter is Scripts\python.exe, a base or conda one python.exe.
  if (inst.platform == "windows")
    return inst.env_prefix + (inst.env_kind == "venv" ? "/Scripts/python.exe" : "/python.exe") + " -m pip";
  if (inst.env_kind == "system" || inst.env_kind == "user") return "python" + inst.python_version + " -m pip";
  return inst.env_prefix + "/bin/python -m pip";
}

findings::Finding install_finding(const RuleInfo& info, const facts::FrameworkInstall& inst, std::string message) {
  auto f = make_finding(info, install_title(inst) + ": " + std::move(message));
  f.subject = install_subject(inst);
  f.area = "frameworks";
  // A static error about an install predicts what --deep then sees for that same install
  // (no GPU, a failed import or matmul): the live finding folds under it.
  if (info.severity == findings::Severity::error && !util::starts_with(info.code, "F72"))
    f.explains = {"F720", "F722", "F724"};
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

namespace gpudoctor::rules {

const facts::DeepCheck* deep_check_of(const facts::Facts& f, const facts::FrameworkInstall& inst) {
  for (const auto& c : f.frameworks.deep)
    if (c.framework == inst.framework && c.version == inst.version && c.env_prefix == inst.env_prefix) return &c;
  return nullptr;
}

namespace {

// "/job:localhost/replica:0/task:0/device:GPU:0" -> "GPU:0"; other spellings as they are.
std::string short_device(const std::string& d) {
  auto p = d.rfind("device:");
  return p == std::string::npos ? d : d.substr(p + 7);
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

std::string gpus_seen(const facts::DeepCheck& c) {
  if (c.gpu_count < 0) return "";
  std::string s = std::to_string(c.gpu_count) + (c.gpu_count == 1 ? " GPU" : " GPUs");
  if (!c.devices.empty()) s += " (" + util::join(c.devices, ", ") + ")";
  return s;
}

}  // namespace

bool deep_used_gpu(const facts::DeepCheck& c) {
  if (c.status != "ok" || c.gpu_count <= 0) return false;
  std::string d = util::to_lower(short_device(c.matmul_device));
  return util::starts_with(d, "gpu") || util::starts_with(d, "cuda");
}

std::string deep_summary(const facts::DeepCheck& c) {
  std::string imported = c.import_s >= 0 ? "imported in " + seconds(c.import_s) : "imported";
  if (c.status == "ok") {
    std::string s = imported + ", " + gpus_seen(c);
    if (!c.matmul_device.empty()) s += ", matmul ran on " + short_device(c.matmul_device);
    return s;
  }
  if (c.status == "check_failed") {
    std::string g = gpus_seen(c);
    return imported + (g.empty() ? "" : ", " + g) + ", then failed: " + c.error;
  }
  if (c.status == "import_failed") return "import failed after " + seconds(c.elapsed_s) + ": " + c.error;
  if (c.status == "crashed") return "crashed after " + seconds(c.elapsed_s) + " (" + c.error + ")";
  if (c.status == "timeout") return "no answer within " + seconds(c.timeout_s) + ", killed";
  return "not run: " + c.error;
}

}  // namespace gpudoctor::rules
