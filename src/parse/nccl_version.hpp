#pragma once
// The NCCL version, from nccl.h (NCCL_MAJOR / NCCL_MINOR / NCCL_PATCH) or from
// the banner NCCL prints at init and keeps in its .rodata:
// "NCCL version 2.28.9+cuda13.0" (verified in libnccl.so.2 of nvidia-nccl-cu13 2.28.9).
#include <string>
#include <string_view>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

// "2.28.9" from nccl.h.
ParseResult<std::string> parse_nccl_header_version(std::string_view header);

struct NcclBanner {
  std::string version;  // "2.28.9"
  std::string cuda;     // "13.0", "" when the banner has no "+cuda" part
};

// Parses "NCCL version 2.28.9+cuda13.0" (surrounding text allowed).
ParseResult<NcclBanner> parse_nccl_banner(std::string_view text);

}  // namespace gpudoctor::parse
