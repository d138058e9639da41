// libFuzzer target for the /proc/driver/nvidia/version and /sys/module/nvidia/version
// parsers: a value or an error string, and any version found is version-shaped.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/nvrm_version.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = gpudoctor::parse::parse_nvrm_version(text);
  if (!r) {
    if (r.error.empty()) std::abort();
  } else {
    if (!gpudoctor::parse::is_driver_version(r->version)) std::abort();
    for (char c : r->nvrm_line)
      if (c < 0x20 || c > 0x7e) std::abort();  // only printable ASCII reaches reports
  }
  auto m = gpudoctor::parse::parse_module_version(text);
  if (!m && m.error.empty()) std::abort();
  if (m && !gpudoctor::parse::is_driver_version(*m)) std::abort();
  return 0;
}
