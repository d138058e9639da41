// libFuzzer target for parse_ld_so_cache: any input must yield a value or an
// error string, never a crash, an out-of-bounds read (ASan) or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/ld_so_cache.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto r = gpudoctor::parse::parse_ld_so_cache(bytes);
  if (!r && r.error.empty()) std::abort();  // a failure must say why
  // Every entry costs at least 12 input bytes, so the count is bounded by the size.
  if (r && r->entries.size() > size / 12) std::abort();
  return 0;
}
