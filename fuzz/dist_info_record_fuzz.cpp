// libFuzzer target for the wheel metadata parsers (RECORD CSV, METADATA
// headers, .dist-info directory names): any input yields rows or an error
// string, never a crash, an out-of-bounds read (ASan) or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/dist_info.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rows = gpudoctor::parse::parse_dist_info_record(text);
  if (!rows && rows.error.empty()) std::abort();
  if (rows) {
    for (const auto& r : *rows)
      if (r.path.empty() || r.path.size() > size) std::abort();
  }
  auto meta = gpudoctor::parse::parse_dist_metadata(text);
  if (!meta && meta.error.empty()) std::abort();
  auto name = gpudoctor::parse::parse_dist_info_dirname(text);
  if (name && (name->name.empty() || name->version.empty())) std::abort();
  gpudoctor::parse::normalize_dist_name(text);
  return 0;
}
