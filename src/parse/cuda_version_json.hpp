#pragma once
// version.json at the root of a CUDA toolkit (11.1 and later):
//   { "cuda" : { "name" : "CUDA SDK", "version" : "12.2.2" },
//     "cuda_cudart" : { "name" : "CUDA Runtime (cudart)", "version" : "12.2.140" }, ... }
// Layout as installed by the runfile / packages (e.g. /usr/local/cuda-11.5/version.json).
#include <map>
#include <string>
#include <string_view>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct CudaVersionJson {
  std::string cuda_version;                       // "cuda" -> "version", "" when missing
  std::map<std::string, std::string> components;  // "cuda_cudart" -> "12.2.140", "cuda_nvcc" -> ...
};

// Fails on invalid JSON or a top level that is not an object; components whose
// "version" is missing or not a string are skipped.
ParseResult<CudaVersionJson> parse_cuda_version_json(std::string_view text);

}  // namespace gpudoctor::parse
