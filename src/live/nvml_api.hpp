#pragma once
// NVML, bound at run time from libnvidia-ml.so.1. Versioned names first, as go-nvml does
// (NVIDIA/go-nvml pkg/nvml/lib.go; header remaps in nvml.h lines 119-138).
// Prototypes: NVIDIA/go-nvml@2f9e261f pkg/nvml/nvml.h, line numbers in
// /work/shared/research/lowlevel.md 2.1. Structures are passed as raw bytes and decoded
// by nvml_decode.hpp, so their layout lives in one tested place.
#include "live/dynamic_library.hpp"

namespace gpudoctor::live {

using nvmlReturn = int;
using nvmlDevice = struct nvmlDevice_st*;

inline constexpr nvmlReturn kNvmlSuccess = 0;
inline constexpr nvmlReturn kNvmlNotSupported = 3;
inline constexpr nvmlReturn kNvmlNotFound = 6;
inline constexpr nvmlReturn kNvmlInsufficientSize = 7;
inline constexpr nvmlReturn kNvmlFunctionNotFound = 13;

struct NvmlApi {
  DynamicLibrary lib;

  nvmlReturn (*nvmlInit)() = nullptr;                                   // _v2
  nvmlReturn (*nvmlShutdown)() = nullptr;
  nvmlReturn (*nvmlSystemGetDriverVersion)(char*, unsigned) = nullptr;
  nvmlReturn (*nvmlSystemGetNVMLVersion)(char*, unsigned) = nullptr;
  nvmlReturn (*nvmlSystemGetCudaDriverVersion)(int*) = nullptr;         // _v2
  nvmlReturn (*nvmlSystemGetProcessName)(unsigned, char*, unsigned) = nullptr;
  nvmlReturn (*nvmlDeviceGetCount)(unsigned*) = nullptr;                // _v2
  nvmlReturn (*nvmlDeviceGetHandleByIndex)(unsigned, nvmlDevice*) = nullptr;  // _v2
  nvmlReturn (*nvmlDeviceGetName)(nvmlDevice, char*, unsigned) = nullptr;
  nvmlReturn (*nvmlDeviceGetUUID)(nvmlDevice, char*, unsigned) = nullptr;
  nvmlReturn (*nvmlDeviceGetPciInfo)(nvmlDevice, unsigned char*) = nullptr;       // _v3, 68 bytes
  nvmlReturn (*nvmlDeviceGetMemoryInfo)(nvmlDevice, unsigned char*) = nullptr;    // nvmlMemory_t, 24 bytes
  nvmlReturn (*nvmlDeviceGetUtilizationRates)(nvmlDevice, unsigned char*) = nullptr;  // 8 bytes
  nvmlReturn (*nvmlDeviceGetComputeMode)(nvmlDevice, int*) = nullptr;
  nvmlReturn (*nvmlDeviceGetMigMode)(nvmlDevice, unsigned*, unsigned*) = nullptr;
  nvmlReturn (*nvmlDeviceGetMaxMigDeviceCount)(nvmlDevice, unsigned*) = nullptr;
  nvmlReturn (*nvmlDeviceGetMigDeviceHandleByIndex)(nvmlDevice, unsigned, nvmlDevice*) = nullptr;
  nvmlReturn (*nvmlDeviceGetPersistenceMode)(nvmlDevice, int*) = nullptr;
  nvmlReturn (*nvmlDeviceGetEccMode)(nvmlDevice, int*, int*) = nullptr;
  // (device, NVML_MEMORY_ERROR_TYPE_CORRECTED=0 / UNCORRECTED=1, NVML_VOLATILE_ECC=0 / AGGREGATE=1, count)
  nvmlReturn (*nvmlDeviceGetTotalEccErrors)(nvmlDevice, int, int, unsigned long long*) = nullptr;
  // (device, cause: MULTIPLE_SINGLE_BIT=0 / DOUBLE_BIT=1, count in/out, addresses)
  nvmlReturn (*nvmlDeviceGetRetiredPages)(nvmlDevice, int, unsigned*, unsigned long long*) = nullptr;
  nvmlReturn (*nvmlDeviceGetRetiredPagesPendingStatus)(nvmlDevice, int*) = nullptr;
  nvmlReturn (*nvmlDeviceGetRemappedRows)(nvmlDevice, unsigned*, unsigned*, unsigned*, unsigned*) = nullptr;
  nvmlReturn (*nvmlDeviceGetCurrentClocksEventReasons)(nvmlDevice, unsigned long long*) = nullptr;
  nvmlReturn (*nvmlDeviceGetTemperature)(nvmlDevice, int, unsigned*) = nullptr;   // sensor 0 = GPU
  nvmlReturn (*nvmlDeviceGetPowerUsage)(nvmlDevice, unsigned*) = nullptr;         // mW
  nvmlReturn (*nvmlDeviceGetEnforcedPowerLimit)(nvmlDevice, unsigned*) = nullptr; // mW
  nvmlReturn (*nvmlDeviceGetClockInfo)(nvmlDevice, int, unsigned*) = nullptr;     // GRAPHICS=0 SM=1 MEM=2, MHz
  nvmlReturn (*nvmlDeviceGetMaxClockInfo)(nvmlDevice, int, unsigned*) = nullptr;
  nvmlReturn (*nvmlDeviceGetCurrPcieLinkGeneration)(nvmlDevice, unsigned*) = nullptr;
  nvmlReturn (*nvmlDeviceGetMaxPcieLinkGeneration)(nvmlDevice, unsigned*) = nullptr;     // device and system
  nvmlReturn (*nvmlDeviceGetGpuMaxPcieLinkGeneration)(nvmlDevice, unsigned*) = nullptr;  // the GPU alone
  nvmlReturn (*nvmlDeviceGetCurrPcieLinkWidth)(nvmlDevice, unsigned*) = nullptr;
  nvmlReturn (*nvmlDeviceGetMaxPcieLinkWidth)(nvmlDevice, unsigned*) = nullptr;
  nvmlReturn (*nvmlDeviceGetComputeRunningProcesses)(nvmlDevice, unsigned*, unsigned char*) = nullptr;
  nvmlReturn (*nvmlDeviceGetGraphicsRunningProcesses)(nvmlDevice, unsigned*, unsigned char*) = nullptr;

  // Bytes per process entry the bound process functions write (see process_info_stride).
  int process_stride = 0;

  bool load(const std::string& name);
};

// Which nvmlProcessInfo layout the library writes, from the symbols it exports; nvitop's
// heuristic (XuehaiPan/nvitop@3e797b26 nvitop/api/libnvml.py lines 614-660, and PR #79):
// R535-era drivers write 32-byte entries from the _v3 functions without a version bump;
// drivers that also export nvmlDeviceGetRunningProcessDetailList went back to 24 bytes.
int process_info_stride(bool has_v3, bool has_v2, bool has_conf_compute_mem_size_info,
                        bool has_running_process_detail_list);

}  // namespace gpudoctor::live
