#pragma once
// CUDA versions written in toolkit text files: CUDART_VERSION in
// cuda_runtime_api.h (13000 = 13.0; the same encoding as CUDA_VERSION in cuda.h,
// major * 1000 + minor * 10) and version.txt of toolkits before 11.1
// ("CUDA Version 10.2.89"), which version.json replaced.
#include <string>
#include <string_view>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

// "13.0" from `#define CUDART_VERSION 13000` (cuda_runtime_api.h) or, when that
// is absent, `#define CUDA_VERSION 13000` (cuda.h).
ParseResult<std::string> parse_cudart_header_version(std::string_view header);

// "12.2" for 12020: major = v / 1000, minor = (v % 1000) / 10.
std::string cuda_version_from_int(long long v);

// "10.2.89" from "CUDA Version 10.2.89\n".
ParseResult<std::string> parse_cuda_version_txt(std::string_view text);

}  // namespace gpudoctor::parse
