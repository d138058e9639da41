#include "live/nvml_api.hpp"

#include "live/nvml_decode.hpp"

namespace gpudoctor::live {

int process_info_stride(bool has_v3, bool has_v2, bool has_conf_compute_mem_size_info,
                        bool has_running_process_detail_list) {
  if (has_v3 && has_conf_compute_mem_size_info && !has_running_process_detail_list) return kProcessInfoV3Size;
  if (has_v3 || has_v2) return kProcessInfoV2Size;
  return kProcessInfoV1Size;
}

bool NvmlApi::load(const std::string& name) {
  if (!lib.open(name)) return false;
  lib.bind(nvmlInit, {"nvmlInit_v2", "nvmlInit"});
  lib.bind(nvmlShutdown, {"nvmlShutdown"});
  lib.bind(nvmlSystemGetDriverVersion, {"nvmlSystemGetDriverVersion"});
  lib.bind(nvmlSystemGetNVMLVersion, {"nvmlSystemGetNVMLVersion"});
  lib.bind(nvmlSystemGetCudaDriverVersion, {"nvmlSystemGetCudaDriverVersion_v2", "nvmlSystemGetCudaDriverVersion"});
  lib.bind(nvmlSystemGetProcessName, {"nvmlSystemGetProcessName"});
  lib.bind(nvmlDeviceGetCount, {"nvmlDeviceGetCount_v2", "nvmlDeviceGetCount"});
  lib.bind(nvmlDeviceGetHandleByIndex, {"nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex"});
  lib.bind(nvmlDeviceGetName, {"nvmlDeviceGetName"});
  lib.bind(nvmlDeviceGetUUID, {"nvmlDeviceGetUUID"});
  // _v2 and _v3 fill the same 68-byte nvmlPciInfo_t.
  lib.bind(nvmlDeviceGetPciInfo, {"nvmlDeviceGetPciInfo_v3", "nvmlDeviceGetPciInfo_v2"});
  lib.bind(nvmlDeviceGetMemoryInfo, {"nvmlDeviceGetMemoryInfo"});
  lib.bind(nvmlDeviceGetUtilizationRates, {"nvmlDeviceGetUtilizationRates"});
  lib.bind(nvmlDeviceGetComputeMode, {"nvmlDeviceGetComputeMode"});
  lib.bind(nvmlDeviceGetMigMode, {"nvmlDeviceGetMigMode"});
  lib.bind(nvmlDeviceGetMaxMigDeviceCount, {"nvmlDeviceGetMaxMigDeviceCount"});
  lib.bind(nvmlDeviceGetMigDeviceHandleByIndex, {"nvmlDeviceGetMigDeviceHandleByIndex"});
  lib.bind(nvmlDeviceGetPersistenceMode, {"nvmlDeviceGetPersistenceMode"});
  lib.bind(nvmlDeviceGetEccMode, {"nvmlDeviceGetEccMode"});
  lib.bind(nvmlDeviceGetTotalEccErrors, {"nvmlDeviceGetTotalEccErrors"});
  lib.bind(nvmlDeviceGetRetiredPages, {"nvmlDeviceGetRetiredPages"});
  lib.bind(nvmlDeviceGetRetiredPagesPendingStatus, {"nvmlDeviceGetRetiredPagesPendingStatus"});
  lib.bind(nvmlDeviceGetRemappedRows, {"nvmlDeviceGetRemappedRows"});
  // The "throttle" name is deprecated in NVML 13 but is all that older drivers export.
  lib.bind(nvmlDeviceGetCurrentClocksEventReasons,
           {"nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons"});
  lib.bind(nvmlDeviceGetTemperature, {"nvmlDeviceGetTemperature"});
  lib.bind(nvmlDeviceGetPowerUsage, {"nvmlDeviceGetPowerUsage"});
  lib.bind(nvmlDeviceGetEnforcedPowerLimit, {"nvmlDeviceGetEnforcedPowerLimit"});
  lib.bind(nvmlDeviceGetClockInfo, {"nvmlDeviceGetClockInfo"});
  lib.bind(nvmlDeviceGetMaxClockInfo, {"nvmlDeviceGetMaxClockInfo"});
  lib.bind(nvmlDeviceGetCurrPcieLinkGeneration, {"nvmlDeviceGetCurrPcieLinkGeneration"});
  lib.bind(nvmlDeviceGetMaxPcieLinkGeneration, {"nvmlDeviceGetMaxPcieLinkGeneration"});
  lib.bind(nvmlDeviceGetGpuMaxPcieLinkGeneration, {"nvmlDeviceGetGpuMaxPcieLinkGeneration"});
  lib.bind(nvmlDeviceGetCurrPcieLinkWidth, {"nvmlDeviceGetCurrPcieLinkWidth"});
  lib.bind(nvmlDeviceGetMaxPcieLinkWidth, {"nvmlDeviceGetMaxPcieLinkWidth"});
  lib.bind(nvmlDeviceGetComputeRunningProcesses,
           {"nvmlDeviceGetComputeRunningProcesses_v3", "nvmlDeviceGetComputeRunningProcesses_v2",
            "nvmlDeviceGetComputeRunningProcesses"});
  lib.bind(nvmlDeviceGetGraphicsRunningProcesses,
           {"nvmlDeviceGetGraphicsRunningProcesses_v3", "nvmlDeviceGetGraphicsRunningProcesses_v2",
            "nvmlDeviceGetGraphicsRunningProcesses"});
  process_stride = process_info_stride(lib.symbol("nvmlDeviceGetComputeRunningProcesses_v3") != nullptr,
                                       lib.symbol("nvmlDeviceGetComputeRunningProcesses_v2") != nullptr,
                                       lib.symbol("nvmlDeviceGetConfComputeMemSizeInfo") != nullptr,
                                       lib.symbol("nvmlDeviceGetRunningProcessDetailList") != nullptr);
  return true;
}

}  // namespace gpudoctor::live
