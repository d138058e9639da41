#include "parse/visible_devices.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace gpudoctor::parse {

VisibleDevices parse_visible_devices(std::string_view value) {
  VisibleDevices out;
  if (util::trim(value).empty()) return out;
  for (auto raw : util::split(value, ',')) {
    VisibleDeviceEntry e;
    auto t = util::trim(raw);
    e.text = std::string(t);
    if (util::starts_with(t, "GPU-")) {
      e.kind = VisibleDeviceEntry::Kind::gpu_uuid;
    } else if (util::starts_with(t, "MIG-")) {
      e.kind = VisibleDeviceEntry::Kind::mig_uuid;
    } else if (auto n = util::parse_int(t); n && *n >= 0 && *n < 1024) {
      e.kind = VisibleDeviceEntry::Kind::index;
      e.index = static_cast<int>(*n);
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

std::vector<VisibleDeviceEntry> VisibleDevices::honoured(std::optional<int> gpu_count) const {
  std::vector<VisibleDeviceEntry> out;
  for (const auto& e : entries) {
    if (e.kind == VisibleDeviceEntry::Kind::invalid) break;
    if (e.kind == VisibleDeviceEntry::Kind::index && gpu_count && e.index >= *gpu_count) break;
    // A repeated index is invalid too: the driver stops there.
    if (e.kind == VisibleDeviceEntry::Kind::index &&
        std::any_of(out.begin(), out.end(), [&](const VisibleDeviceEntry& o) {
          return o.kind == VisibleDeviceEntry::Kind::index && o.index == e.index;
        }))
      break;
    out.push_back(e);
  }
  return out;
}

}  // namespace gpudoctor::parse
