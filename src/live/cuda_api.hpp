#pragma once
// The CUDA driver API, bound at run time from libcuda.so.1; nothing links it at build
// time. Symbol names are the exact ABI names: the unversioned export is often the old
// 32-bit ABI (cuMemAlloc takes an unsigned int), so the _v2 names come first.
// Source: /work/shared/research/lowlevel.md 1.2 (cuda.h of CUDA 13.0, lines 89-172 remaps;
// tinygrad/tinygrad@a9069c17 runtime/autogen/cuda.py prototypes from line 1013).
#include <cstddef>

#include "live/dynamic_library.hpp"

namespace gpudoctor::live {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st*;
using CUmodule = struct CUmod_st*;
using CUfunction = struct CUfunc_st*;
using CUevent = struct CUevent_st*;
using CUstream = struct CUstream_st*;

inline constexpr CUresult kCudaSuccess = 0;

// CUdevice_attribute values, cuda.h 13.0 lines 738-869 (lowlevel.md 1.3).
enum CudaAttribute : int {
  kAttrClockRate = 13,             // kHz
  kAttrMultiprocessorCount = 16,
  kAttrKernelExecTimeout = 17,
  kAttrIntegrated = 18,
  kAttrComputeMode = 20,
  kAttrEccEnabled = 32,
  kAttrMemoryClockRate = 36,       // kHz
  kAttrGlobalMemoryBusWidth = 37,  // bits
  kAttrComputeCapabilityMajor = 75,
  kAttrComputeCapabilityMinor = 76,
};

struct CudaApi {
  DynamicLibrary lib;

  CUresult (*cuInit)(unsigned) = nullptr;
  CUresult (*cuDriverGetVersion)(int*) = nullptr;
  CUresult (*cuDeviceGetCount)(int*) = nullptr;
  CUresult (*cuDeviceGet)(CUdevice*, int) = nullptr;
  CUresult (*cuDeviceGetName)(char*, int, CUdevice) = nullptr;
  CUresult (*cuDeviceGetAttribute)(int*, int, CUdevice) = nullptr;
  CUresult (*cuDeviceTotalMem)(size_t*, CUdevice) = nullptr;          // _v2
  CUresult (*cuDeviceGetUuid)(unsigned char*, CUdevice) = nullptr;    // CUuuid = 16 bytes
  CUresult (*cuDeviceGetPCIBusId)(char*, int, CUdevice) = nullptr;
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext*, CUdevice) = nullptr;
  CUresult (*cuDevicePrimaryCtxRelease)(CUdevice) = nullptr;          // _v2
  CUresult (*cuCtxSetCurrent)(CUcontext) = nullptr;
  CUresult (*cuCtxSynchronize)() = nullptr;
  CUresult (*cuMemGetInfo)(size_t*, size_t*) = nullptr;               // _v2
  CUresult (*cuMemAlloc)(CUdeviceptr*, size_t) = nullptr;             // _v2
  CUresult (*cuMemFree)(CUdeviceptr) = nullptr;                       // _v2
  CUresult (*cuMemAllocHost)(void**, size_t) = nullptr;               // _v2, pinned
  CUresult (*cuMemFreeHost)(void*) = nullptr;
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void*, size_t) = nullptr;  // _v2
  CUresult (*cuMemcpyDtoH)(void*, CUdeviceptr, size_t) = nullptr;        // _v2
  CUresult (*cuMemcpyDtoD)(CUdeviceptr, CUdeviceptr, size_t) = nullptr;  // _v2
  CUresult (*cuMemsetD32)(CUdeviceptr, unsigned, size_t) = nullptr;      // _v2
  CUresult (*cuModuleLoadData)(CUmodule*, const void*) = nullptr;
  CUresult (*cuModuleUnload)(CUmodule) = nullptr;
  CUresult (*cuModuleGetFunction)(CUfunction*, CUmodule, const char*) = nullptr;
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                             CUstream, void**, void**) = nullptr;
  CUresult (*cuEventCreate)(CUevent*, unsigned) = nullptr;
  CUresult (*cuEventRecord)(CUevent, CUstream) = nullptr;
  CUresult (*cuEventSynchronize)(CUevent) = nullptr;
  CUresult (*cuEventElapsedTime)(float*, CUevent, CUevent) = nullptr;
  CUresult (*cuEventDestroy)(CUevent) = nullptr;                      // _v2

  // dlopen + bind every symbol; a symbol the library lacks stays nullptr.
  bool load(const std::string& name);
};

}  // namespace gpudoctor::live
