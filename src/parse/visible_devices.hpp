#pragma once
// CUDA_VISIBLE_DEVICES as the CUDA driver reads it: a comma list of indices,
// GPU-<uuid> or MIG-<uuid> entries; parsing stops at the first invalid entry,
// and everything after it is ignored (CUDA C Programming Guide, "CUDA Environment Variables").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpudoctor::parse {

struct VisibleDeviceEntry {
  enum class Kind { index, gpu_uuid, mig_uuid, invalid } kind = Kind::invalid;
  std::string text;
  int index = -1;
};

struct VisibleDevices {
  std::vector<VisibleDeviceEntry> entries;  // every entry as written
  // Entries the driver honours when `gpu_count` GPUs exist (nullopt count: indices
  // can't be range-checked). Stops at the first invalid or out-of-range one.
  std::vector<VisibleDeviceEntry> honoured(std::optional<int> gpu_count) const;
};

VisibleDevices parse_visible_devices(std::string_view value);

}  // namespace gpudoctor::parse
