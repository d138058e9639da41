// libFuzzer target for parse_elf: any input must yield a value or an error
// string, never a crash, an out-of-bounds read (ASan) or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/elf_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto r = gpudoctor::parse::parse_elf(bytes);
  if (!r) {
    if (r.error.empty()) std::abort();  // a failure must say why
    return 0;
  }
  for (const auto& s : r->sections) {
    auto view = gpudoctor::parse::section_bytes(bytes, s);
    if (view && (view->data() < bytes.data() || view->data() + view->size() > bytes.data() + bytes.size()))
      std::abort();
  }
  gpudoctor::parse::find_section(*r, ".nv_fatbin");
  gpudoctor::parse::find_strings_with_prefix(bytes, "GCC", 4, 64);
  return 0;
}
