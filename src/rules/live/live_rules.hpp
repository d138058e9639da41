#pragma once
// The rule functions of the live area (R9xx: driver and NVML answers, S95x: selftest);
// their metadata is in registry.cpp.
#include <optional>
#include <string>

#include "rules/core_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_live_probe_timeout);
GD_RULE(check_live_probe_crashed);
GD_RULE(check_libcuda_not_loadable);
GD_RULE(check_cuinit_stub_library);
GD_RULE(check_cuda_no_device_hidden);
GD_RULE(check_cuda_no_device);
GD_RULE(check_cuda_invalid_device);
GD_RULE(check_cuda_uvm_missing);
GD_RULE(check_cuda_broken_after_suspend);
GD_RULE(check_cuda_compat_shadows_driver);
GD_RULE(check_cuda_compat_unsupported_gpu);
GD_RULE(check_cuda_fabric_manager);
GD_RULE(check_cuda_os_call_failed);
GD_RULE(check_cuda_out_of_memory);
GD_RULE(check_cuda_device_busy);
GD_RULE(check_cuda_call_failed);
GD_RULE(check_nvml_driver_mismatch);
GD_RULE(check_nvml_driver_not_loaded);
GD_RULE(check_nvml_init_failed);
GD_RULE(check_nvml_gpu_lost);
GD_RULE(check_nvml_not_loadable);
GD_RULE(check_gpu_memory_held);
GD_RULE(check_gpu_exclusive_taken);
GD_RULE(check_mig_no_instance);
GD_RULE(check_gpu_throttled);
GD_RULE(check_pcie_link_downgraded);
GD_RULE(check_gpu_memory_errors);
GD_RULE(check_cuda_devices_found);
GD_RULE(check_selftest_wrong_result);
GD_RULE(check_selftest_memory_errors);
GD_RULE(check_selftest_memory_slow);
GD_RULE(check_selftest_pcie_slow);
GD_RULE(check_selftest_fp32_slow);
GD_RULE(check_selftest_gemm_slow);
GD_RULE(check_selftest_step_failed);

// Shared by the live rules.
namespace live_util {

// CUresult codes the rules know by number (cuda.h 13.0, kb/status_curesult.tsv).
inline constexpr int kCuOutOfMemory = 2, kCuNotInitialized = 3, kCuStub = 34, kCuDeviceUnavailable = 46,
                     kCuNoDevice = 100, kCuInvalidDevice = 101, kCuOperatingSystem = 304,
                     kCuSystemNotReady = 802, kCuSystemDriverMismatch = 803, kCuCompatNotSupported = 804,
                     kCuUnknown = 999;
// nvmlReturn_t codes (nvml.h, kb/status_nvml.tsv).
inline constexpr int kNvmlDriverNotLoaded = 9, kNvmlGpuIsLost = 15, kNvmlResetRequired = 16,
                     kNvmlLibRmVersionMismatch = 18;

// "34 CUDA_ERROR_STUB_LIBRARY", the name from gpudoctor's table.
std::string cuda_code(const Context& ctx, int code);
std::string nvml_code(const Context& ctx, int code);
// cuInit's answer when the child ran it, else nullopt.
std::optional<int> cuinit_result(const facts::Facts& f);
// No device: cuInit 100, or success with zero devices.
bool cuda_sees_no_device(const facts::Facts& f);
// CUDA sees no device and CUDA_VISIBLE_DEVICES is set: either its value hides everything
// ("", -1, ...) or GPUs exist (PCI, NVML) that CUDA does not show.
bool visible_devices_hide_all(const facts::Facts& f);
// cuInit answered 3 or 999.
bool cuinit_uvm_family(const facts::Facts& f);
// nvidia_uvm not loaded, or /dev/nvidia-uvm listed as missing.
bool uvm_missing(const facts::Facts& f);
// Where libcuda came from: the evidence line every cuInit finding carries.
findings::Evidence libcuda_evidence(const facts::Facts& f);
findings::Evidence nvml_evidence(const facts::Facts& f);
// The value of an environment variable in the facts, nullopt when unset.
std::optional<std::string> env(const facts::Facts& f, const std::string& name);
// A finding about cuInit's answer, with the code, the library and the stage pre-filled.
findings::Finding cuinit_finding(const Context& ctx, const RuleInfo& info, std::string what);
// The "meaning" column of a code table (kb/status_curesult.tsv, kb/status_nvml.tsv), "" when absent.
std::string code_meaning(const kb::Kb& kb, const char* table, int code);
// A command line cut to `max` characters for a one-line message (the evidence keeps it whole).
std::string short_command(const std::string& command, size_t max = 60);
// "1.5 GiB"
std::string gib(unsigned long long bytes);
// A subject for a GPU: its PCI bus id, else "GPU <n>".
std::string gpu_subject(const std::string& bus_id, int index);

}  // namespace live_util
}  // namespace gpudoctor::rules
