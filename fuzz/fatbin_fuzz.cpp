// libFuzzer target for the fatbin walker, on a raw section and on an ELF file:
// any input must end (no endless walk), and yield entries or an error string.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/fatbin.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (auto r : {gpudoctor::parse::parse_fatbin(bytes), gpudoctor::parse::parse_fatbins_in_elf(bytes)}) {
    if (!r) {
      if (r.error.empty()) std::abort();  // a failure must say why
      continue;
    }
    // Every entry has a header of at least 48 bytes inside the input.
    if (r->size() > size / 48) std::abort();
    gpudoctor::parse::summarize_fatbin(*r);
    for (const auto& e : *r) gpudoctor::parse::fatbin_arch_name(e);
  }
  return 0;
}
