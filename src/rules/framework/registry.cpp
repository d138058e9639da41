// Finding codes of the frameworks area, in code order. A code is never reused or renumbered.
#include "rules/framework/framework_rules.hpp"
#include "rules/registry.hpp"

namespace gpudoctor::rules {

using findings::Severity;

std::span<const Rule> framework_rules() {
  static const Rule kRules[] = {
      {{"F701", "framework_cpu_only_build", "cpu_only_build", "frameworks", Severity::error,
        "The installed framework build has no CUDA support (tensorflow-cpu, torch +cpu, a ROCm build)"},
       check_framework_cpu_only_build},
      {{"F702", "framework_cuda_libs_missing", "cuda_libs_missing", "frameworks", Severity::error,
        "The framework needs a CUDA runtime / cuBLAS / cuFFT / ... major that no load path provides"},
       check_framework_cuda_libs_missing},
      {{"F703", "framework_cudnn_missing", "cudnn_missing", "frameworks", Severity::error,
        "cuDNN is not found where the framework looks for it, in any version"},
       check_framework_cudnn_missing},
      {{"F704", "framework_cudnn_mismatch", "cudnn_version_mismatch", "frameworks", Severity::error,
        "The cuDNN the framework would load is of another major, or older than it was built with"},
       check_framework_cudnn_mismatch},
      {{"F705", "framework_driver_too_old", "driver_too_old", "frameworks", Severity::error,
        "The NVIDIA driver is older than the CUDA version the framework was built for"},
       check_framework_driver_too_old},
      {{"F706", "framework_python_unsupported", "python_version_unsupported", "frameworks", Severity::error,
        "The environment's Python is outside what this framework version was built for"},
       check_framework_python_unsupported},
      {{"F707", "framework_multiple_installs", "multiple_framework_installs", "frameworks", Severity::warning,
        "Two distributions of one framework in one environment overwrite each other's files"},
       check_framework_multiple_installs},
      {{"F708", "keras3_with_old_tensorflow", "unknown", "frameworks", Severity::warning,
        "Keras 3 is installed beside a TensorFlow older than 2.16, which expects Keras 2"},
       check_keras3_with_old_tensorflow},
      {{"F709", "jax_no_cuda_plugin", "jax_no_cuda_plugin", "frameworks", Severity::error,
        "JAX is installed without its CUDA plugin, so it only has the CPU backend"},
       check_jax_no_cuda_plugin},
      {{"F710", "jax_plugin_version_mismatch", "jax_plugin_version_mismatch", "frameworks", Severity::error,
        "The JAX CUDA plugin's version differs from jaxlib's (or the pjrt plugin's), so JAX ignores it"},
       check_jax_plugin_version_mismatch},
      {{"F711", "framework_cc_unsupported", "compute_capability_unsupported", "frameworks", Severity::error,
        "The framework has no kernels (SASS or PTX) for this GPU's compute capability"},
       check_framework_cc_unsupported},
      {{"F712", "framework_ptx_jit", "ptx_jit_required", "frameworks", Severity::warning,
        "Only PTX matches this GPU: the framework works but JIT-compiles its kernels at start-up"},
       check_framework_ptx_jit},
      {{"F713", "xla_ptxas_missing", "xla_ptxas_missing", "frameworks", Severity::warning,
        "XLA (TensorFlow, JAX) cannot find a ptxas to compile its generated PTX"},
       check_xla_ptxas_missing},
      {{"F714", "xla_libdevice_missing", "xla_libdevice_missing", "frameworks", Severity::warning,
        "XLA (TensorFlow, JAX) cannot find libdevice.10.bc"},
       check_xla_libdevice_missing},
      {{"F715", "ld_library_path_shadows_wheel", "cudart_version_mismatch", "frameworks", Severity::warning,
        "LD_LIBRARY_PATH makes the framework load system CUDA libraries instead of its own wheels"},
       check_ld_library_path_shadows_wheel},
      {{"F716", "framework_ptx_too_new", "driver_too_old", "frameworks", Severity::error,
        "Only PTX matches this GPU, and its PTX ISA is newer than the driver can JIT-compile"},
       check_framework_ptx_too_new},
      {{"F717", "tf_native_windows_no_gpu", "windows_native_unsupported", "frameworks", Severity::error,
        "TensorFlow 2.11 or later is installed for native Windows, where no CUDA build of it exists"},
       check_tf_native_windows_no_gpu},
      // F720-F724: what the framework itself says under --deep (facts.frameworks.deep).
      {{"F720", "deep_framework_sees_no_gpu", "unknown", "frameworks", Severity::error,
        "--deep: the framework imports and runs, but sees no GPU"},
       check_deep_no_gpu},
      {{"F721", "deep_static_live_disagree", "unknown", "frameworks", Severity::warning,
        "--deep: the live check and gpudoctor's static verdict disagree about an install"},
       check_deep_disagrees},
      {{"F722", "deep_import_failed", "unknown", "frameworks", Severity::error,
        "--deep: importing the framework failed, or its Python died before answering"},
       check_deep_import_failed},
      {{"F723", "deep_check_timeout", "unknown", "frameworks", Severity::warning,
        "--deep: the framework's GPU check did not finish within the timeout"},
       check_deep_timeout},
      {{"F724", "deep_gpu_matmul_failed", "unknown", "frameworks", Severity::error,
        "--deep: the framework sees a GPU, but its small matmul on it failed or ran elsewhere"},
       check_deep_matmul_failed},
      // F725-F729: static findings about what sits beside the framework.
      {{"F725", "extension_cuda_mismatch", "extension_build_mismatch", "frameworks", Severity::warning,
        "A compiled extension beside PyTorch links a CUDA library major other than PyTorch's own"},
       check_extension_cuda_mismatch},
  };
  return kRules;
}

}  // namespace gpudoctor::rules
