#pragma once
// The cuDNN version from its header: cudnn_version.h (cuDNN >= 8) or cudnn.h
// (cuDNN <= 7), both spelling it CUDNN_MAJOR / CUDNN_MINOR / CUDNN_PATCHLEVEL.
#include <string>
#include <string_view>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

// "9.19.0" from `#define CUDNN_MAJOR 9` etc. A header without CUDNN_MAJOR (e.g.
// a cuDNN 8/9 cudnn.h, which only includes cudnn_version.h) is an error, so the
// caller tries the next file.
ParseResult<std::string> parse_cudnn_version(std::string_view header);

}  // namespace gpudoctor::parse
