#pragma once
// CUDA_VISIBLE_DEVICES as the CUDA driver reads it: a comma list of indices,
// GPU-<uuid> or MIG-<uuid> entries; parsing stops at the first invalid entry,
// and everything after it is ignored (CUDA C Programming Guide, "CUDA Environment Variables").
// A device listed twice leaves no device at all (not in NVIDIA's guide; PyTorch's
// driver-mirroring parser, torch/cuda/__init__.py _parse_visible_devices: "Repeated
// ordinal results in empty set"; tests/helpers/fake_cuda.cpp models the same).
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
  // can't be range-checked). Stops at the first invalid or out-of-range one; empty when
  // an entry before that repeats an earlier one.
  std::vector<VisibleDeviceEntry> honoured(std::optional<int> gpu_count) const;
  // The first entry (before the cut) that repeats an earlier one, if any.
  std::optional<VisibleDeviceEntry> repeated(std::optional<int> gpu_count) const;
};

VisibleDevices parse_visible_devices(std::string_view value);

}  // namespace gpudoctor::parse
