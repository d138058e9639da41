#include "parse/pci_sysfs.hpp"

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string shown(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return "\"" + out + "\"";
}

}  // namespace

ParseResult<uint32_t> parse_sysfs_hex(std::string_view text, size_t digits) {
  std::string_view v = util::trim(text);
  if (v.empty()) return ParseResult<uint32_t>::fail("empty");
  bool ok = v.size() == digits + 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X');
  for (size_t i = 2; ok && i < v.size(); ++i) ok = is_hex(v[i]);
  if (!ok)
    return ParseResult<uint32_t>::fail("expected 0x and " + std::to_string(digits) + " hex digits, got " +
                                       shown(v));
  return ParseResult<uint32_t>::ok(static_cast<uint32_t>(*util::parse_int(v.substr(2), 16)));
}

ParseResult<long long> parse_sysfs_int(std::string_view text) {
  std::string_view v = util::trim(text);
  auto n = util::parse_int(v);
  if (!n) return ParseResult<long long>::fail("not a number: " + shown(v));
  return ParseResult<long long>::ok(*n);
}

int pcie_generation(std::string_view link_speed) {
  std::string_view v = util::trim(link_speed);
  // Both spellings seen in sysfs (NVIDIA/nccl src/graph/topo.cc kvDictPciGen lists them).
  static constexpr struct {
    std::string_view old_form, new_form;
    int gen;
  } kSpeeds[] = {{"2.5 GT/s", "2.5 GT/s PCIe", 1}, {"5 GT/s", "5.0 GT/s PCIe", 2},
                 {"8 GT/s", "8.0 GT/s PCIe", 3},   {"16 GT/s", "16.0 GT/s PCIe", 4},
                 {"32 GT/s", "32.0 GT/s PCIe", 5}, {"64 GT/s", "64.0 GT/s PCIe", 6}};
  for (const auto& s : kSpeeds)
    if (v == s.old_form || v == s.new_form) return s.gen;
  return 0;
}

bool is_pci_bdf(std::string_view n) {
  // dddd:bb:dd.f; VMD and Hyper-V use domains of more than four digits ("10000:e1:00.0").
  auto all_hex = [](std::string_view s) {
    for (char c : s)
      if (!is_hex(c)) return false;
    return true;
  };
  auto parts = util::split(n, ':');
  if (parts.size() != 3) return false;
  std::string_view dom = parts[0], bus = parts[1], devfn = parts[2];
  if (dom.size() < 4 || dom.size() > 8 || !all_hex(dom)) return false;
  if (bus.size() != 2 || !all_hex(bus)) return false;
  return devfn.size() == 4 && all_hex(devfn.substr(0, 2)) && devfn[2] == '.' && devfn[3] >= '0' &&
         devfn[3] <= '7';
}

std::string hex_id(uint32_t value, int width) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(static_cast<size_t>(width), '0');
  for (int i = width - 1; i >= 0 && value; --i) {
    out[static_cast<size_t>(i)] = kDigits[value & 0xf];
    value >>= 4;
  }
  return out;
}

}  // namespace gpudoctor::parse
