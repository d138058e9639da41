#pragma once
// PyTorch's generated torch/version.py, read statically. Forms:
//   __version__ = '2.4.0+cu118'  /  cuda: Optional[str] = '11.8'  (torch 2.x)
//   cuda = '11.7'  hip = None                                     (torch 1.x)
#include <string>
#include <string_view>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct TorchVersionInfo {
  std::string version;      // "2.4.0+cu118"
  std::string local_tag;    // "cu118", "cpu", "rocm6.1", "" (PyPI Linux default has none)
  std::string cuda;         // "11.8", "" for None
  std::string hip;          // "6.1.40091", "" for None
  std::string xpu;
  std::string git_version;
  bool debug = false;
};

ParseResult<TorchVersionInfo> parse_torch_version_py(std::string_view text);

// "cu121" -> "12.1", "cu118" -> "11.8", "cu92" -> "9.2"; "" when not a cuXYZ tag.
std::string cuda_from_torch_tag(std::string_view tag);

}  // namespace gpudoctor::parse
