#pragma once
// /proc/driver/nvidia/gpus/<DDDD:BB:SS.F>/information, written by
// nv_procfs_read_gpu_info (NVIDIA/open-gpu-kernel-modules kernel-open/nvidia/nv-procfs.c)
// as "Key: \t value" lines: Model, IRQ, GPU UUID, Video BIOS, Bus Type, DMA Size,
// DMA Mask, Bus Location, Device Minor, GPU Firmware (only with GSP firmware),
// GPU Excluded (Yes|No).
#include <string>
#include <string_view>
#include <vector>

#include "parse/parse_result.hpp"

namespace gpudoctor::parse {

struct ProcGpuInformation {
  std::string model;
  std::string uuid;          // "GPU-7d0a...", "" when the driver printed none
  std::string video_bios;
  std::string bus_type;      // "PCIe", "PCI"
  std::string bus_location;  // "0000:01:00.0"
  int device_minor = -1;     // N of /dev/nvidiaN
  std::string gpu_firmware;
  bool excluded = false;
  std::vector<std::string> issues;  // recognised keys with values that do not parse
};

// Fails when no "Model:" line is present (not this file, or cut short).
ParseResult<ProcGpuInformation> parse_proc_gpu_info(std::string_view text);

}  // namespace gpudoctor::parse
