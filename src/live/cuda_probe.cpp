#include "live/cuda_probe.hpp"

#include <fmt/format.h>

#include <cstring>

namespace gpudoctor::live {
namespace {

// Missing symbols are reported like failed calls: a libcuda without cuDeviceGetUuid_v2
// or cuMemGetInfo_v2 is a different (very old or fake) library.
constexpr int kMissingSymbol = -1;

template <class Fn, class... Args>
CUresult call(Fn* fn, Args... args) {
  return fn ? fn(args...) : kMissingSymbol;
}

int attribute(CudaApi& api, facts::CudaFacts& out, int attr, CUdevice dev, int ordinal) {
  int v = -1;
  CUresult r = call(api.cuDeviceGetAttribute, &v, attr, dev);
  if (!check_cuda(out.errors, "cuDeviceGetAttribute", r, ordinal)) return -1;
  return v;
}

void probe_context(CudaApi& api, facts::CudaFacts& out, facts::CudaDevice& d, CUdevice dev, const StageFn& stage) {
  stage(fmt::format("cuDevicePrimaryCtxRetain({})", d.ordinal));
  CUcontext ctx = nullptr;
  d.context_result = call(api.cuDevicePrimaryCtxRetain, &ctx, dev);
  if (!check_cuda(out.errors, "cuDevicePrimaryCtxRetain", d.context_result, d.ordinal)) return;
  if (check_cuda(out.errors, "cuCtxSetCurrent", call(api.cuCtxSetCurrent, ctx), d.ordinal)) {
    size_t free_b = 0, total_b = 0;
    if (check_cuda(out.errors, "cuMemGetInfo_v2", call(api.cuMemGetInfo, &free_b, &total_b), d.ordinal))
      d.free_mem_bytes = free_b;
    call(api.cuCtxSetCurrent, static_cast<CUcontext>(nullptr));
  }
  check_cuda(out.errors, "cuDevicePrimaryCtxRelease_v2", call(api.cuDevicePrimaryCtxRelease, dev), d.ordinal);
}

facts::CudaDevice probe_device(CudaApi& api, facts::CudaFacts& out, int ordinal, const StageFn& stage) {
  facts::CudaDevice d;
  d.ordinal = ordinal;
  stage(fmt::format("cuDeviceGet({})", ordinal));
  CUdevice dev = 0;
  if (!check_cuda(out.errors, "cuDeviceGet", call(api.cuDeviceGet, &dev, ordinal), ordinal)) return d;
  char name[256] = {};
  if (check_cuda(out.errors, "cuDeviceGetName", call(api.cuDeviceGetName, name, int{sizeof name - 1}, dev), ordinal))
    d.name = name;
  unsigned char uuid[16] = {};
  if (check_cuda(out.errors, "cuDeviceGetUuid", call(api.cuDeviceGetUuid, uuid, dev), ordinal))
    d.uuid = format_uuid(uuid);
  char bus[64] = {};
  if (check_cuda(out.errors, "cuDeviceGetPCIBusId", call(api.cuDeviceGetPCIBusId, bus, int{sizeof bus - 1}, dev),
                 ordinal))
    d.pci_bus_id = bus;
  d.cc_major = attribute(api, out, kAttrComputeCapabilityMajor, dev, ordinal);
  d.cc_minor = attribute(api, out, kAttrComputeCapabilityMinor, dev, ordinal);
  d.sm_count = attribute(api, out, kAttrMultiprocessorCount, dev, ordinal);
  d.clock_khz = attribute(api, out, kAttrClockRate, dev, ordinal);
  d.mem_clock_khz = attribute(api, out, kAttrMemoryClockRate, dev, ordinal);
  d.bus_width_bits = attribute(api, out, kAttrGlobalMemoryBusWidth, dev, ordinal);
  d.compute_mode = attribute(api, out, kAttrComputeMode, dev, ordinal);
  d.ecc_enabled = attribute(api, out, kAttrEccEnabled, dev, ordinal);
  d.integrated = attribute(api, out, kAttrIntegrated, dev, ordinal);
  d.kernel_exec_timeout = attribute(api, out, kAttrKernelExecTimeout, dev, ordinal);
  size_t total = 0;
  if (check_cuda(out.errors, "cuDeviceTotalMem_v2", call(api.cuDeviceTotalMem, &total, dev), ordinal))
    d.total_mem_bytes = total;
  probe_context(api, out, d, dev, stage);
  return d;
}

}  // namespace

bool check_cuda(std::vector<facts::LiveCall>& errors, const char* call_name, CUresult code, int device) {
  if (code == kCudaSuccess) return true;
  errors.push_back({call_name, code, code == kMissingSymbol ? "symbol not found" : "", device});
  return false;
}

std::string format_uuid(const unsigned char (&b)[16]) {
  std::string hex;
  for (unsigned char c : b) hex += fmt::format("{:02x}", c);
  return fmt::format("GPU-{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4), hex.substr(16, 4),
                     hex.substr(20, 12));
}

std::string format_cuda_version(int v) {
  if (v <= 0) return "?";
  return fmt::format("{}.{}", v / 1000, v % 1000 / 10);
}

bool probe_cuda(const std::string& library, CudaApi& api, facts::CudaFacts& out, const StageFn& stage) {
  stage("dlopen " + library);
  bool ok = api.load(library);
  out.library = api.lib.info();
  stage("loaded");
  if (!ok) return false;

  stage("cuDriverGetVersion");
  out.driver_version_result = call(api.cuDriverGetVersion, &out.driver_version);
  check_cuda(out.errors, "cuDriverGetVersion", out.driver_version_result);
  stage("cuInit");
  out.init_result = call(api.cuInit, 0u);
  check_cuda(out.errors, "cuInit", out.init_result);
  stage("cuInit returned");
  if (out.init_result != kCudaSuccess) return true;

  stage("cuDeviceGetCount");
  int count = 0;
  out.device_count_result = call(api.cuDeviceGetCount, &count);
  if (!check_cuda(out.errors, "cuDeviceGetCount", out.device_count_result)) return true;
  out.device_count = count;
  for (int i = 0; i < count; ++i) {
    out.devices.push_back(probe_device(api, out, i, stage));
    stage(fmt::format("device {} done", i));
  }
  return true;
}

}  // namespace gpudoctor::live
