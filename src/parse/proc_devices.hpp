#pragma once
// /proc/devices (Linux fs/proc/devices.c): a "Character devices:" section then a
// "Block devices:" section, each line "%3d %s". nvidia-uvm gets a dynamic major, so
// this is the only place to learn what /dev/nvidia-uvm's major should be.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct ProcDevices {
  std::vector<std::pair<int, std::string>> character;  // (major, name) in file order
  std::vector<std::pair<int, std::string>> block;
  int bad_lines = 0;

  std::optional<int> char_major(std::string_view name) const;
};

// Fails when neither section header is present.
ParseResult<ProcDevices> parse_proc_devices(std::string_view text);

}  // namespace gpudoctor::parse
