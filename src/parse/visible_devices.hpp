#pragma once
// CUDA_VISIBLE_DEVICES as the CUDA driver reads it (CUDA C++ Programming Guide, "CUDA
// Environment Variables", CUDA_VISIBLE_DEVICES; MIG User Guide, "CUDA Device Enumeration"):
//  - a comma list; unset = every GPU, empty = none;
//  - integer indices in nvidia-smi order; "0,2,-1,1" shows 0 and 2: the list is cut at the
//    first invalid entry, and everything after it is ignored;
//  - GPU UUIDs as nvidia-smi -L prints them ("GPU-8932f937-d72c-..."), or any prefix of one
//    (with "GPU-") that names exactly one GPU of the machine;
//  - MIG devices: "MIG-<uuid>" (R470 and later) or "MIG-GPU-<uuid>/<gi>/<ci>" (R450/R460).
// A repeated device, an unknown or ambiguous UUID and an out-of-range index are invalid
// entries, so they cut the list as well.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpudoctor::parse {

struct VisibleDeviceEntry {
  enum class Kind { index, gpu_uuid, mig_uuid, invalid } kind = Kind::invalid;
  std::string text;
  int index = -1;
  std::string mig_parent;  // "GPU-..." of a legacy "MIG-GPU-<uuid>/<gi>/<ci>" entry
};

// What the machine's GPUs are known to be, in nvidia-smi order (PCI bus order).
struct KnownGpus {
  std::optional<int> count;         // nullopt: unknown
  std::vector<std::string> uuids;   // "GPU-..." per index; empty when unknown
  std::optional<bool> any_mig;      // some GPU has MIG mode on; nullopt: unknown
};

// How the driver takes one entry.
struct EntryResolution {
  enum class Status {
    gpu,           // names GPU `gpu` (index, or a UUID prefix that matched one GPU)
    unchecked,     // looks valid, but the facts cannot tell which GPU (no UUIDs known, a MIG name)
    invalid,       // not an index, UUID or MIG name
    out_of_range,  // index >= GPU count
    no_match,      // GPU-/MIG- name that matches no GPU here
    ambiguous,     // UUID prefix that matches several GPUs
    duplicate,     // a GPU named before
  } status = Status::invalid;
  int gpu = -1;
  std::vector<int> matches;  // for ambiguous
  bool takes_effect() const { return status == Status::gpu || status == Status::unchecked; }
};

struct VisibleDevices {
  std::vector<VisibleDeviceEntry> entries;  // every entry as written
  // Entries the driver honours when `gpu_count` GPUs exist (nullopt count: indices
  // can't be range-checked). Stops at the first invalid or out-of-range one.
  std::vector<VisibleDeviceEntry> honoured(std::optional<int> gpu_count) const;
  // One resolution per entry, up to and including the first that cuts the list.
  std::vector<EntryResolution> resolve(const KnownGpus& gpus) const;
  // Entries that take effect (the prefix of resolve() before the cut).
  std::vector<VisibleDeviceEntry> honoured(const KnownGpus& gpus) const;
};

VisibleDevices parse_visible_devices(std::string_view value);

}  // namespace gpudoctor::parse
