#pragma once
// TensorFlow's generated tensorflow/python/platform/build_info.py, read statically.
// Forms seen in shipped wheels (research/tf-compat.md 3b, and the TF 2.15.1 wheel):
//   build_info = collections.OrderedDict([('cuda_version', '12.2'), ...])   TF 2.5+
//   build_info = OrderedDict({...})                                         printed form
//   build_info = {'cuda_version': '64_101', ...}                            TF ~2.2/2.3
//   is_cuda_build = True / cuda_version_number = '10.0'                     TF 1.x
// Windows builds write cuda_version "64_112" and cudnn_version "64_8" (DLL suffixes).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct TfBuildInfo {
  std::optional<bool> is_cuda_build;
  std::optional<bool> is_rocm_build;
  std::optional<bool> is_tensorrt_build;
  std::string cuda_version;   // normalised "12.2" (Windows "64_112" -> "11.2")
  std::string cudnn_version;  // normalised "8" (Windows "64_8" -> "8")
  std::string rocm_version;
  std::vector<std::string> compute_capabilities;  // as written: "sm_50", "compute_80"
  std::string cpu_compiler;
  bool windows = false;       // Windows key variant (cudart_dll_name / msvcp_dll_names)
  std::string form;           // "OrderedDict", "dict", "assignments"
};

ParseResult<TfBuildInfo> parse_tf_build_info(std::string_view text);

// "64_112" -> "11.2", "64_8" -> "8", "64_110" -> "11.0"; other text unchanged.
std::string normalize_windows_cuda_version(std::string_view v, bool is_cudnn);

}  // namespace gpudoctor::parse
