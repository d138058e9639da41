// libFuzzer target for the small version parsers that read text a user's
// system provides: C headers (cudnn_version.h, nccl.h, cuda_runtime_api.h,
// NvInferVersion.h), version.json / version.txt, `nvcc --version` output, the
// NCCL banner, library file names and ld.so's SYSTEM_DIRS table.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/c_defines.hpp"
#include "parse/cuda_version_json.hpp"
#include "parse/cudart_version.hpp"
#include "parse/cudnn_version.hpp"
#include "parse/nccl_version.hpp"
#include "parse/nvcc_version.hpp"
#include "parse/rtld_system_dirs.hpp"
#include "parse/so_version.hpp"

namespace p = gpudoctor::parse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto must_explain = [](const auto& r) {
    if (!r && r.error.empty()) std::abort();
  };
  must_explain(p::parse_cudnn_version(text));
  must_explain(p::parse_nccl_header_version(text));
  must_explain(p::parse_nccl_banner(text));
  must_explain(p::parse_cudart_header_version(text));
  must_explain(p::parse_cuda_version_txt(text));
  must_explain(p::parse_cuda_version_json(text));
  must_explain(p::parse_nvcc_version_output(text));
  p::version_from_defines(text, "A", "B", "C");
  for (const auto& d : p::extract_rtld_system_dirs(text))
    if (d.empty() || d.front() != '/') std::abort();
  auto v = p::so_file_version(text, "libcuda");
  if (!v.empty() && !p::is_so_file_of(text, "libcuda")) std::abort();
  p::so_major(text, "libcudart");
  return 0;
}
