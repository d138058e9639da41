#include "parse/proc_gpu_info.hpp"

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s) out += (c >= 0x20 && c < 0x7f) || (c & 0x80) ? c : '?';
  return out;
}

}  // namespace

ParseResult<ProcGpuInformation> parse_proc_gpu_info(std::string_view text) {
  ProcGpuInformation out;
  bool have_model = false;
  for (const std::string& raw : util::split_lines(text)) {
    size_t colon = raw.find(':');
    if (colon == std::string::npos) continue;
    // The key is before the first ':'; values such as Bus Location hold more colons.
    std::string_view key = util::trim(std::string_view(raw).substr(0, colon));
    std::string value = printable(util::trim(std::string_view(raw).substr(colon + 1)));
    if (key == "Model") {
      out.model = value;
      have_model = true;
    } else if (key == "GPU UUID") {
      out.uuid = value;
    } else if (key == "Video BIOS") {
      out.video_bios = value;
    } else if (key == "Bus Type") {
      out.bus_type = value;
    } else if (key == "Bus Location") {
      out.bus_location = value;
    } else if (key == "Device Minor") {
      auto n = util::parse_int(value);
      if (n && *n >= 0 && *n < 1 << 20)
        out.device_minor = static_cast<int>(*n);
      else
        out.issues.push_back("bad Device Minor \"" + value.substr(0, 40) + "\"");
    } else if (key == "GPU Firmware") {
      out.gpu_firmware = value;
    } else if (key == "GPU Excluded") {
      if (value == "Yes")
        out.excluded = true;
      else if (value != "No")
        out.issues.push_back("bad GPU Excluded \"" + value.substr(0, 40) + "\"");
    }
  }
  if (!have_model) return ParseResult<ProcGpuInformation>::fail("no \"Model:\" line");
  return ParseResult<ProcGpuInformation>::ok(std::move(out));
}

}  // namespace gpudoctor::parse
