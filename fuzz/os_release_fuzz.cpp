// libFuzzer target for parse_os_release and parse_environ: any input must yield a
// value or an error string, never a crash; parsed keys are always valid names.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/os_release.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = gpudoctor::parse::parse_os_release(text);
  if (!r) {
    if (r.error.empty()) std::abort();
  } else {
    for (const auto& [k, v] : r->values)
      if (k.empty() || k.find('=') != std::string::npos || v.find('\0') != std::string::npos) std::abort();
    for (int line : r->bad_lines)
      if (line <= 0) std::abort();
  }
  for (const auto& [k, v] : gpudoctor::parse::parse_environ(text))
    if (k.empty() || k.find('\0') != std::string::npos) std::abort();
  return 0;
}
