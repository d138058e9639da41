#include "parse/visible_devices.hpp"

#include <algorithm>
#include <cctype>

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

using Status = EntryResolution::Status;

bool iprefix(std::string_view s, std::string_view prefix) {
  if (prefix.size() > s.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

// Indices of the GPUs whose UUID starts with `prefix` ("GPU-8932f937").
std::vector<int> uuid_matches(const std::vector<std::string>& uuids, std::string_view prefix) {
  std::vector<int> out;
  for (size_t i = 0; i < uuids.size(); ++i)
    if (iprefix(uuids[i], prefix)) out.push_back(static_cast<int>(i));
  return out;
}

}  // namespace

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
      auto rest = t.substr(4);
      if (util::starts_with(rest, "GPU-")) e.mig_parent = std::string(rest.substr(0, rest.find('/')));
    } else if (auto n = util::parse_int(t); n && *n >= 0 && *n < 1024) {
      e.kind = VisibleDeviceEntry::Kind::index;
      e.index = static_cast<int>(*n);
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

std::vector<EntryResolution> VisibleDevices::resolve(const KnownGpus& gpus) const {
  std::vector<EntryResolution> out;
  std::vector<int> taken;
  std::vector<std::string> taken_text;  // unchecked names, to catch a name written twice
  const bool have_uuids = !gpus.uuids.empty();
  std::optional<int> count = gpus.count;
  if (have_uuids && !count) count = static_cast<int>(gpus.uuids.size());
  for (const auto& e : entries) {
    EntryResolution r;
    switch (e.kind) {
      case VisibleDeviceEntry::Kind::invalid:
        r.status = Status::invalid;
        break;
      case VisibleDeviceEntry::Kind::index:
        if (count && e.index >= *count) {
          r.status = Status::out_of_range;
        } else {
          r.status = Status::gpu;
          r.gpu = e.index;
        }
        break;
      case VisibleDeviceEntry::Kind::gpu_uuid:
        if (!have_uuids) {
          r.status = Status::unchecked;
        } else {
          r.matches = uuid_matches(gpus.uuids, e.text);
          r.status = r.matches.empty() ? Status::no_match : r.matches.size() > 1 ? Status::ambiguous : Status::gpu;
          if (r.status == Status::gpu) r.gpu = r.matches.front();
        }
        break;
      case VisibleDeviceEntry::Kind::mig_uuid:
        if (gpus.any_mig == false) {
          r.status = Status::no_match;  // no GPU here has MIG mode on, so no MIG device exists
        } else if (!e.mig_parent.empty() && have_uuids && uuid_matches(gpus.uuids, e.mig_parent).size() != 1) {
          r.status = Status::no_match;  // the legacy form names its GPU, and that GPU is not here
        } else {
          r.status = Status::unchecked;
        }
        break;
    }
    if (r.status == Status::gpu && std::find(taken.begin(), taken.end(), r.gpu) != taken.end())
      r.status = Status::duplicate;
    if (r.status == Status::unchecked &&
        std::find(taken_text.begin(), taken_text.end(), e.text) != taken_text.end())
      r.status = Status::duplicate;
    out.push_back(r);
    if (!r.takes_effect()) break;
    if (r.status == Status::gpu) taken.push_back(r.gpu);
    taken_text.push_back(e.text);
  }
  return out;
}

std::vector<VisibleDeviceEntry> VisibleDevices::honoured(const KnownGpus& gpus) const {
  std::vector<VisibleDeviceEntry> out;
  auto res = resolve(gpus);
  for (size_t i = 0; i < res.size() && res[i].takes_effect(); ++i) out.push_back(entries[i]);
  return out;
}

std::vector<VisibleDeviceEntry> VisibleDevices::honoured(std::optional<int> gpu_count) const {
  KnownGpus g;
  g.count = gpu_count;
  return honoured(g);
}

}  // namespace gpudoctor::parse
