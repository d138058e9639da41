#include <pwd.h>

#include "probe/probes.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {

// Variables that change whether or how a framework sees the GPU; everything else
// in the environment is left out of the report (it may hold secrets).
static bool relevant(std::string_view name) {
  static constexpr std::string_view kPrefixes[] = {"CUDA_", "NVIDIA_", "TF_", "XLA_", "JAX_", "PYTORCH_",
                                                   "TORCH_", "CUDNN_", "NCCL_", "__NV_", "GPU_"};
  static constexpr std::string_view kNames[] = {"LD_LIBRARY_PATH", "LD_PRELOAD", "PATH", "CONDA_PREFIX",
                                                "VIRTUAL_ENV", "KUBERNETES_SERVICE_HOST", "PYTHONPATH",
                                                "WSL_DISTRO_NAME", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES",
                                                "TPU_NAME", "HOME"};
  // TF_ is shared with Terraform, whose variables (TF_VAR_* in particular) often hold
  // credentials: its documented names are never TensorFlow's.
  static constexpr std::string_view kTerraformPrefixes[] = {"TF_VAR_", "TF_CLI_", "TF_TOKEN_", "TF_LOG",
                                                            "TF_REGISTRY_", "TF_PLUGIN_"};
  static constexpr std::string_view kTerraformNames[] = {"TF_INPUT", "TF_DATA_DIR", "TF_WORKSPACE",
                                                         "TF_IN_AUTOMATION", "TF_IGNORE", "TF_APPEND_USER_AGENT",
                                                         "TF_STATE_PERSIST_INTERVAL"};
  for (auto p : kTerraformPrefixes)
    if (util::starts_with(name, p)) return false;
  for (auto n : kTerraformNames)
    if (name == n) return false;
  // Whatever the prefix, a name that says it holds a secret stays out.
  const std::string upper = util::to_upper(name);
  for (std::string_view w : {"TOKEN", "SECRET", "PASSWORD", "PASSWD", "API_KEY", "CREDENTIAL"})
    if (upper.find(w) != std::string::npos) return false;
  for (auto p : kPrefixes)
    if (util::starts_with(name, p)) return true;
  for (auto n : kNames)
    if (name == n) return true;
  return false;
}

void probe_env(ProbeContext& ctx, facts::EnvFacts& out) {
  for (const auto& [k, v] : ctx.env)
    if (relevant(k)) out.vars[k] = v;
  const std::string llp = ctx.getenv("LD_LIBRARY_PATH");
  for (auto dir : util::split(llp, ':'))
    if (!dir.empty() && !ctx.fs.is_dir(dir)) out.ld_library_path_missing.emplace_back(dir);
  out.uid = ctx.creds.uid;
  if (const passwd* pw = ::getpwuid(ctx.creds.uid)) out.user = pw->pw_name;
}

}  // namespace gpudoctor::probe
