// libFuzzer target for the pci.ids vendor-block parser and name lookup: a value or
// an error string, never a crash; ids are always four lowercase hex digits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/pci_ids.hpp"

namespace {
bool hex4(const std::string& s) {
  if (s.size() != 4) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = gpudoctor::parse::parse_pci_ids_vendor(text, "10de");
  if (!r) {
    if (r.error.empty()) std::abort();
    return 0;
  }
  for (const auto& d : r->devices) {
    if (!hex4(d.device_id)) std::abort();
    for (const auto& s : d.subsystems)
      if (!hex4(s.subvendor) || !hex4(s.subdevice)) std::abort();
    auto n = gpudoctor::parse::pci_ids_lookup(*r, d.device_id, "10de", "0000");
    (void)n;
    gpudoctor::parse::split_pci_ids_name(d.name);
  }
  gpudoctor::parse::split_pci_ids_name(text);
  return 0;
}
