#include "live/cuda_api.hpp"

namespace gpudoctor::live {

bool CudaApi::load(const std::string& name) {
  if (!lib.open(name)) return false;
  lib.bind(cuInit, {"cuInit"});
  lib.bind(cuDriverGetVersion, {"cuDriverGetVersion"});
  lib.bind(cuDeviceGetCount, {"cuDeviceGetCount"});
  lib.bind(cuDeviceGet, {"cuDeviceGet"});
  lib.bind(cuDeviceGetName, {"cuDeviceGetName"});
  lib.bind(cuDeviceGetAttribute, {"cuDeviceGetAttribute"});
  lib.bind(cuDeviceTotalMem, {"cuDeviceTotalMem_v2"});
  lib.bind(cuDeviceGetUuid, {"cuDeviceGetUuid_v2", "cuDeviceGetUuid"});
  lib.bind(cuDeviceGetPCIBusId, {"cuDeviceGetPCIBusId"});
  lib.bind(cuDevicePrimaryCtxRetain, {"cuDevicePrimaryCtxRetain"});
  lib.bind(cuDevicePrimaryCtxRelease, {"cuDevicePrimaryCtxRelease_v2"});
  lib.bind(cuCtxSetCurrent, {"cuCtxSetCurrent"});
  lib.bind(cuCtxSynchronize, {"cuCtxSynchronize"});
  lib.bind(cuMemGetInfo, {"cuMemGetInfo_v2"});
  lib.bind(cuMemAlloc, {"cuMemAlloc_v2"});
  lib.bind(cuMemFree, {"cuMemFree_v2"});
  lib.bind(cuMemAllocHost, {"cuMemAllocHost_v2"});
  lib.bind(cuMemFreeHost, {"cuMemFreeHost"});
  lib.bind(cuMemcpyHtoD, {"cuMemcpyHtoD_v2"});
  lib.bind(cuMemcpyDtoH, {"cuMemcpyDtoH_v2"});
  lib.bind(cuMemcpyDtoD, {"cuMemcpyDtoD_v2"});
  lib.bind(cuMemsetD32, {"cuMemsetD32_v2"});
  lib.bind(cuModuleLoadData, {"cuModuleLoadData"});
  lib.bind(cuModuleUnload, {"cuModuleUnload"});
  lib.bind(cuModuleGetFunction, {"cuModuleGetFunction"});
  lib.bind(cuLaunchKernel, {"cuLaunchKernel"});
  lib.bind(cuEventCreate, {"cuEventCreate"});
  lib.bind(cuEventRecord, {"cuEventRecord"});
  lib.bind(cuEventSynchronize, {"cuEventSynchronize"});
  // The v1 export exists in every driver; CUDA 13 headers map the API name to _v2, which
  // has the same signature (lowlevel.md 1.2), so either serves.
  lib.bind(cuEventElapsedTime, {"cuEventElapsedTime", "cuEventElapsedTime_v2"});
  lib.bind(cuEventDestroy, {"cuEventDestroy_v2"});
  return true;
}

}  // namespace gpudoctor::live
