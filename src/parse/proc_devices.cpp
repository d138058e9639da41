#include "parse/proc_devices.hpp"

#include "util/strings.hpp"

namespace gpudoctor::parse {

std::optional<int> ProcDevices::char_major(std::string_view name) const {
  for (const auto& [major, n] : character)
    if (n == name) return major;
  return std::nullopt;
}

ParseResult<ProcDevices> parse_proc_devices(std::string_view text) {
  ProcDevices out;
  std::vector<std::pair<int, std::string>>* section = nullptr;
  for (const std::string& raw : util::split_lines(text)) {
    std::string_view line = util::trim(raw);
    if (line.empty()) continue;
    if (line == "Character devices:") {
      section = &out.character;
      continue;
    }
    if (line == "Block devices:") {
      section = &out.block;
      continue;
    }
    size_t sp = line.find_first_of(" \t");
    auto major = sp == std::string_view::npos ? std::nullopt : util::parse_int(line.substr(0, sp));
    if (!section || !major || *major < 0 || *major > 4095) {  // majors are 12 bits (MAJOR() in kdev_t.h)
      ++out.bad_lines;
      continue;
    }
    section->emplace_back(static_cast<int>(*major), std::string(util::trim(line.substr(sp))));
  }
  if (!section) return ParseResult<ProcDevices>::fail("no \"Character devices:\" or \"Block devices:\" header");
  return ParseResult<ProcDevices>::ok(std::move(out));
}

}  // namespace gpudoctor::parse
