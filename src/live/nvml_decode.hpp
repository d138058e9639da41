#pragma once
// Pure decoders for the bytes NVML writes, with the layouts written down once.
// Layouts: NVIDIA/go-nvml@2f9e261f pkg/nvml/nvml.h (nvmlPciInfo_t lines 199-213,
// nvmlUtilization_t 251-255, nvmlProcessInfo_v1/v2 299-331, clocks event reasons
// 3343-3431); offsets and sizes checked with gcc on x86-64 (lowlevel.md 2.2, 2.3).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "facts/live_facts.hpp"

namespace gpudoctor::live {

inline constexpr size_t kPciInfoSize = 68;      // nvmlPciInfo_t
inline constexpr size_t kMemorySize = 24;       // nvmlMemory_t {ull total, free, used}
inline constexpr size_t kUtilizationSize = 8;   // nvmlUtilization_t {uint gpu, memory}
inline constexpr int kProcessInfoV1Size = 16;   // {uint pid; ull usedGpuMemory}
inline constexpr int kProcessInfoV2Size = 24;   // v1 + {uint gpuInstanceId, computeInstanceId}
inline constexpr int kProcessInfoV3Size = 32;   // v2 + {ull usedGpuCcProtectedMemory} (R535)
inline constexpr int kProcessInfoMaxSize = 32;  // buffers are sized for the largest layout

struct PciInfo {
  std::string bus_id;         // "00000000:01:00.0" (busId, offset 36, char[32])
  std::string bus_id_legacy;  // "0000:01:00.0" (offset 0, char[16])
  unsigned domain = 0, bus = 0, device = 0;
  std::string device_id;      // "2330": pciDeviceId (offset 28) >> 16, lower-case hex
  std::string vendor_id;      // "10de": pciDeviceId & 0xffff
};
PciInfo decode_pci_info(std::span<const unsigned char, kPciInfoSize> b);

struct MemoryInfo {
  unsigned long long total = 0, free = 0, used = 0;
};
MemoryInfo decode_memory(std::span<const unsigned char, kMemorySize> b);

struct Utilization {
  unsigned gpu = 0, memory = 0;
};
Utilization decode_utilization(std::span<const unsigned char, kUtilizationSize> b);

// Decodes `count` entries written `stride` bytes apart. When the entries do not look
// like processes (pid 0 or above the kernel's PID_MAX_LIMIT, MIG ids neither 0xFFFFFFFF
// nor small), the other layouts are tried: the layout a driver really writes is not
// announced (nvitop PR #79, go-nvml issue #75). `stride_used` says which one fit.
std::vector<facts::NvmlProcess> decode_processes(std::span<const unsigned char> buf, unsigned count, int stride,
                                                 int& stride_used);
bool plausible_processes(std::span<const unsigned char> buf, unsigned count, int stride);

// NVML clocks event (throttle) reason bits.
inline constexpr unsigned long long kReasonGpuIdle = 0x1;
inline constexpr unsigned long long kReasonApplicationsClocksSetting = 0x2;
inline constexpr unsigned long long kReasonSwPowerCap = 0x4;
inline constexpr unsigned long long kReasonHwSlowdown = 0x8;
inline constexpr unsigned long long kReasonSyncBoost = 0x10;
inline constexpr unsigned long long kReasonSwThermalSlowdown = 0x20;
inline constexpr unsigned long long kReasonHwThermalSlowdown = 0x40;
inline constexpr unsigned long long kReasonHwPowerBrakeSlowdown = 0x80;
inline constexpr unsigned long long kReasonDisplayClockSetting = 0x100;
// Reasons that mean the hardware is held back (heat, power delivery) rather than
// idle or configured that way.
inline constexpr unsigned long long kReasonsDegrading =
    kReasonHwSlowdown | kReasonSwThermalSlowdown | kReasonHwThermalSlowdown | kReasonHwPowerBrakeSlowdown;
std::vector<std::string> clocks_event_reason_names(unsigned long long mask);

// NVML compute mode: 0 Default, 1 Exclusive_Thread (removed in CUDA 8), 2 Prohibited,
// 3 Exclusive_Process (nvml.h nvmlComputeMode_t; the same values as CUcomputemode).
std::string compute_mode_name(int mode);

// A NUL-terminated string from a fixed-size char buffer that may lack the NUL.
std::string c_string(std::span<const unsigned char> b);

}  // namespace gpudoctor::live
