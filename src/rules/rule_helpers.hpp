#pragma once
// Small questions many rules ask of the facts.
#include <optional>
#include <string>
#include <string_view>

#include "facts/facts.hpp"
#include "parse/visible_devices.hpp"

namespace gpudoctor::rules {

const facts::LibraryCandidate* selected(const facts::LibraryFacts* lib);
const facts::DeviceNode* device_node(const facts::Facts& f, std::string_view path);
bool node_present(const facts::Facts& f, std::string_view path);
bool any_gpu_node(const facts::Facts& f);  // some /dev/nvidiaN
bool in_container(const facts::Facts& f);
std::optional<std::string> env(const facts::Facts& f, std::string_view name);
// The driver version to judge: kernel module first, else the user-space libcuda's.
std::string driver_version(const facts::Facts& f);
// The GPU count the driver would see, when the facts tell it.
std::optional<int> gpu_count(const facts::Facts& f);
// The GPUs' UUIDs in nvidia-smi order and whether MIG is on, for CUDA_VISIBLE_DEVICES:
// NVML's answers when the live probe ran, else /proc/driver/nvidia/gpus (PCI bus order).
parse::KnownGpus known_gpus(const facts::Facts& f);
// Why the driver stops reading CUDA_VISIBLE_DEVICES at entry `e` ("'GPU-1a2b' matches no GPU here").
std::string visible_entry_problem(const parse::VisibleDeviceEntry& e, const parse::EntryResolution& r,
                                  const parse::KnownGpus& gpus);

}  // namespace gpudoctor::rules
