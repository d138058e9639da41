#pragma once
// The child's questions to libcuda: version, cuInit, every device and a context on each.
// Every answer that is not CUDA_SUCCESS is recorded with the call that gave it.
#include <functional>
#include <string>
#include <string_view>

#include "facts/live_facts.hpp"
#include "live/cuda_api.hpp"

namespace gpudoctor::live {

// Called before each step that may hang (so the parent can say where it hung) and
// after each step that produced facts.
using StageFn = std::function<void(std::string_view stage)>;

// Loads `library` (normally "libcuda.so.1") into `api` and asks it everything; out.library
// says what was loaded. Returns false when the library could not be loaded.
bool probe_cuda(const std::string& library, CudaApi& api, facts::CudaFacts& out, const StageFn& stage);

// Records a failed call (code != 0) in `errors`; returns true on success.
bool check_cuda(std::vector<facts::LiveCall>& errors, const char* call, CUresult code, int device = -1);

// "GPU-8-4-4-4-12" hex, as nvidia-smi prints it.
std::string format_uuid(const unsigned char (&bytes)[16]);
// 12040 -> "12.4" (major = v/1000, minor = v%1000/10, as NVML_CUDA_DRIVER_VERSION_MAJOR/MINOR).
std::string format_cuda_version(int v);

}  // namespace gpudoctor::live
