#include "parse/visible_devices.hpp"

#include <algorithm>
#include <utility>

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

namespace {

// Walks the list as the driver does: up to the first invalid or out-of-range entry.
// Returns the entries before the cut and, when one of them repeats an earlier one, it.
std::pair<std::vector<VisibleDeviceEntry>, std::optional<VisibleDeviceEntry>> walk(
    const std::vector<VisibleDeviceEntry>& entries, std::optional<int> gpu_count) {
  std::vector<VisibleDeviceEntry> out;
  for (const auto& e : entries) {
    if (e.kind == VisibleDeviceEntry::Kind::invalid) break;
    if (e.kind == VisibleDeviceEntry::Kind::index && gpu_count && e.index >= *gpu_count) break;
    bool again = std::any_of(out.begin(), out.end(), [&](const VisibleDeviceEntry& o) {
      return o.kind == e.kind && (e.kind == VisibleDeviceEntry::Kind::index ? o.index == e.index : o.text == e.text);
    });
    if (again) return {out, e};
    out.push_back(e);
  }
  return {out, std::nullopt};
}

}  // namespace

std::vector<VisibleDeviceEntry> VisibleDevices::honoured(std::optional<int> gpu_count) const {
  auto [out, again] = walk(entries, gpu_count);
  if (again) return {};  // a repeated device leaves none
  return out;
}

std::optional<VisibleDeviceEntry> VisibleDevices::repeated(std::optional<int> gpu_count) const {
  return walk(entries, gpu_count).second;
}

}  // namespace gpudoctor::parse
