// XLA (TensorFlow, JAX) cannot find ptxas or libdevice to compile its GPU kernels.
#include "rules/framework/framework_rules.hpp"

namespace gpudoctor::rules {
namespace {

bool uses_xla(const facts::FrameworkInstall& inst) {
  return inst.build == "cuda" && (inst.framework == "jax" || inst.framework == "tensorflow");
}

std::string nvcc_fix(const facts::FrameworkInstall& inst) {
  std::string major = inst.cuda_version.substr(0, inst.cuda_version.find('.'));
  return env_pip(inst) + " install 'nvidia-cuda-nvcc-cu" + (major.empty() ? "12" : major) + "'";
}

}  // namespace

// XLA cannot find a ptxas to compile its generated PTX.
GD_FW_RULE(check_xla_ptxas_missing) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (!uses_xla(inst) || !inst.ptxas.empty()) continue;
    auto x = install_finding(info, inst, "XLA finds no ptxas (no nvidia-cuda-nvcc wheel, none on PATH or in "
                                             "/usr/local/cuda/bin)");
    x.evidence.push_back({"XLA_FLAGS", inst.xla_flags.empty() ? "(unset)" : inst.xla_flags});
    x.explanation = "XLA compiles fused kernels with ptxas; without it JAX fails (\"Can't find ptxas binary\") or "
                    "falls back to the driver's slower JIT, and TensorFlow's jit_compile paths fail.";
    x.fix.push_back(nvcc_fix(inst));
    x.fix.push_back("or point XLA at a CUDA toolkit: export XLA_FLAGS=--xla_gpu_cuda_data_dir=/usr/local/cuda");
    out.push_back(std::move(x));
  }
}

// XLA cannot find libdevice.10.bc.
GD_FW_RULE(check_xla_libdevice_missing) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (!uses_xla(inst) || !inst.libdevice.empty()) continue;
    auto x = install_finding(info, inst, "XLA finds no nvvm/libdevice/libdevice.10.bc");
    x.evidence.push_back({"XLA_FLAGS", inst.xla_flags.empty() ? "(unset)" : inst.xla_flags});
    x.explanation = "XLA links libdevice (CUDA's math library) into kernels that use math functions; without it "
                    "they fail with \"libdevice not found at ./libdevice.10.bc\".";
    x.fix.push_back(nvcc_fix(inst));
    x.fix.push_back("or export XLA_FLAGS=--xla_gpu_cuda_data_dir=<a CUDA toolkit with nvvm/libdevice>");
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
