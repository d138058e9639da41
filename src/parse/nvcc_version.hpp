#pragma once
// The version line that `nvcc --version` and `ptxas --version` print:
//   Cuda compilation tools, release 13.0, V13.0.88
// (verified with nvcc and ptxas 13.0.88; CUDA 9-12 print the same line).
#include <string>
#include <string_view>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct ToolVersion {
  std::string release;  // "13.0"
  std::string version;  // "13.0.88" (the "V" part); equals release when there is no V part
};

ParseResult<ToolVersion> parse_nvcc_version_output(std::string_view text);

}  // namespace gpudoctor::parse
