#pragma once
// The rule functions of the frameworks area (metadata in registry.cpp) and what they
// share: every finding about an install names it in Finding::subject.
#include <string>
#include <vector>

#include "rules/rule.hpp"

namespace gpudoctor::rules {

#define GD_FW_RULE(name) void name(const Context& ctx, const RuleInfo& info, std::vector<findings::Finding>& out)

GD_FW_RULE(check_framework_cpu_only_build);
GD_FW_RULE(check_framework_cuda_libs_missing);
GD_FW_RULE(check_framework_cudnn_missing);
GD_FW_RULE(check_framework_cudnn_mismatch);
GD_FW_RULE(check_framework_driver_too_old);
GD_FW_RULE(check_framework_python_unsupported);
GD_FW_RULE(check_framework_multiple_installs);
GD_FW_RULE(check_keras3_with_old_tensorflow);
GD_FW_RULE(check_jax_no_cuda_plugin);
GD_FW_RULE(check_jax_plugin_version_mismatch);
GD_FW_RULE(check_framework_cc_unsupported);
GD_FW_RULE(check_framework_ptx_jit);
GD_FW_RULE(check_framework_ptx_too_new);
GD_FW_RULE(check_tf_native_windows_no_gpu);
GD_FW_RULE(check_xla_ptxas_missing);
GD_FW_RULE(check_xla_libdevice_missing);
GD_FW_RULE(check_ld_library_path_shadows_wheel);
GD_FW_RULE(check_extension_cuda_mismatch);
GD_FW_RULE(check_deep_no_gpu);
GD_FW_RULE(check_deep_disagrees);
GD_FW_RULE(check_deep_import_failed);
GD_FW_RULE(check_deep_timeout);
GD_FW_RULE(check_deep_matmul_failed);

// "tensorflow 2.15.1 in /root/venvs/a": the subject of every finding about an install.
std::string install_subject(const facts::FrameworkInstall& inst);
// "TensorFlow 2.15.1 in /root/venvs/a (Python 3.11)": how messages name an install.
std::string install_title(const facts::FrameworkInstall& inst);
std::string framework_display(const std::string& framework);  // "TensorFlow", "PyTorch", "JAX"
// "/root/venvs/a/bin/python -m pip": pip of that environment, so a fix lands in it.
std::string env_pip(const facts::FrameworkInstall& inst);
// A finding about `inst`: subject and area set, evidence naming where it is.
findings::Finding install_finding(const RuleInfo& info, const facts::FrameworkInstall& inst, std::string message);
// The command that installs the framework's own CUDA libraries, "" when none is known.
std::string cuda_wheels_fix(const facts::FrameworkInstall& inst);
// Compute capabilities of the GPUs on this machine ("8.6"), unique, in bus order.
std::vector<std::string> machine_ccs(const facts::Facts& f);

// --deep: the check that ran for `inst`, nullptr when none.
const facts::DeepCheck* deep_check_of(const facts::Facts& f, const facts::FrameworkInstall& inst);
// "imported in 3.2 s, 0 GPUs, matmul ran on cpu:0": one line about a check's outcome.
std::string deep_summary(const facts::DeepCheck& c);
// True when the check saw a GPU and its matmul ran on one.
bool deep_used_gpu(const facts::DeepCheck& c);

}  // namespace gpudoctor::rules
