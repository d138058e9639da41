// A stand-in libcuda.so.1 for tests/live: enough of the driver API for the live probe and
// the selftest, with "device memory" in host memory and the selftest kernels emulated on
// the CPU (same arithmetic as kernels/selftest.cu). Behaviour comes from GD_FAKE_CUDA,
// read at every call so in-process tests can switch it:
//   ""/"ok"   two devices, everything succeeds     "init=N"  cuInit returns N
//   "ctx=N"   context creation on device 0 returns N
//   "hang"    cuInit never returns                  "segv"    cuInit crashes
//   "wrongfma" gd_fma_chain gets one value 1 ulp off "memflip" the inverted memory pass has a bad word
//   "mode=N"  compute mode attribute N
// It honours CUDA_VISIBLE_DEVICES as NVIDIA documents it (see visible() below), not as
// gpudoctor parses it: indices, GPU UUIDs and unique UUID prefixes, MIG names, the list
// cut at the first entry that names no device; no visible device makes cuInit return 100.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using CUresult = int;
constexpr int kDevices = 2;

std::string mode() {
  const char* m = std::getenv("GD_FAKE_CUDA");
  return m ? m : "";
}

int mode_number(const char* key) {
  std::string m = mode(), k = std::string(key) + "=";
  return m.rfind(k, 0) == 0 ? std::atoi(m.c_str() + k.size()) : 0;
}

// The device's UUID, as cuDeviceGetUuid_v2 returns it and nvidia-smi -L prints it.
std::string uuid_text(int dev) {
  char buf[48];
  std::string hex;
  for (int i = 0; i < 16; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", dev * 16 + i);
    hex += buf;
  }
  return "GPU-" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) +
         "-" + hex.substr(20);
}

// One CUDA_VISIBLE_DEVICES entry -> the device it names, or -1 when it names none.
// CUDA C Programming Guide, "CUDA Environment Variables": entries are integer indices or
// GPU UUID strings as nvidia-smi prints them ("GPU-8932f937-..."); an abbreviated UUID
// names a GPU when enough leading characters, "GPU-" included, identify exactly one GPU
// in the system; MIG instances are named "MIG-<GPU-UUID>/<GI>/<CI>" (or MIG-<uuid>).
// The fake has no MIG instance (its NVML twin reports GPU 1 with MIG on and none
// created), so every MIG- entry names nothing.
int resolve(const std::string& tok) {
  if (tok.empty()) return -1;
  if (tok.rfind("GPU-", 0) == 0) {
    int found = -1;
    for (int d = 0; d < kDevices; ++d)
      if (uuid_text(d).rfind(tok, 0) == 0) {
        if (found >= 0) return -1;  // the prefix is not unique
        found = d;
      }
    return found;
  }
  if (tok.rfind("MIG-", 0) == 0) return -1;
  for (char c : tok)
    if (c < '0' || c > '9') return -1;
  if (tok.size() > 9) return -1;
  int v = std::atoi(tok.c_str());
  return v < kDevices ? v : -1;
}

// The devices CUDA_VISIBLE_DEVICES leaves visible, in its order.
//  - Guide, same section: "If one of the indices is invalid, only the devices whose index
//    precedes the invalid index are visible": the list is cut at the first entry that
//    names no device ("0,2,-1,1" leaves 0 and 2).
//  - Not in NVIDIA's guide: a device named twice leaves *no* device visible. This is what
//    PyTorch's driver-mirroring parser encodes (torch/cuda/__init__.py,
//    _parse_visible_devices: "Repeated ordinal results in empty set"; likewise a repeated
//    UUID), written to give the count cuDeviceGetCount gives without initialising CUDA.
//  - Blanks around an entry are ignored (the same parser strips each entry).
std::vector<int> visible() {
  std::vector<int> out;
  const char* cvd = std::getenv("CUDA_VISIBLE_DEVICES");
  if (!cvd) {
    for (int i = 0; i < kDevices; ++i) out.push_back(i);
    return out;
  }
  std::string s(cvd);
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    std::string tok = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!tok.empty() && (tok.back() == ' ' || tok.back() == '\t')) tok.pop_back();
    while (!tok.empty() && (tok.front() == ' ' || tok.front() == '\t')) tok.erase(0, 1);
    int dev = resolve(tok);
    if (dev < 0) break;
    for (int seen : out)
      if (seen == dev) return {};
    out.push_back(dev);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

uint32_t mix(uint64_t i, uint32_t seed) {
  uint32_t x = static_cast<uint32_t>(i) ^ (static_cast<uint32_t>(i >> 32) * 0x9E3779B9u) ^ seed;
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

template <class T>
T arg(void** params, int i) {
  T v;
  std::memcpy(&v, params[i], sizeof v);
  return v;
}

template <class T>
T* ptr(unsigned long long p) {
  return reinterpret_cast<T*>(static_cast<uintptr_t>(p));
}

struct Function {
  const char* name;
};
Function kFunctions[] = {{"gd_pattern_write"}, {"gd_pattern_check"}, {"gd_fma_chain"}, {"gd_copy"}, {"gd_fma_peak"}};
int g_context = 0;
bool g_initialized = false;

void run_kernel(const std::string& name, unsigned threads, void** p) {
  if (name == "gd_pattern_write") {
    auto* out = ptr<uint32_t>(arg<unsigned long long>(p, 0));
    auto n = arg<unsigned long long>(p, 1);
    auto seed = arg<uint32_t>(p, 2), inv = arg<uint32_t>(p, 3);
    for (unsigned long long i = 0; i < n; ++i) out[i] = mix(i, seed) ^ inv;
    if (mode() == "memflip" && inv == 0xFFFFFFFFu && n > 8) out[n / 3] ^= 0x10u;
  } else if (name == "gd_pattern_check") {
    auto* buf = ptr<uint32_t>(arg<unsigned long long>(p, 0));
    auto n = arg<unsigned long long>(p, 1);
    auto seed = arg<uint32_t>(p, 2), inv = arg<uint32_t>(p, 3);
    auto* errors = ptr<unsigned long long>(arg<unsigned long long>(p, 4));
    auto* first = ptr<unsigned long long>(arg<unsigned long long>(p, 5));
    for (unsigned long long i = 0; i < n; ++i)
      if (buf[i] != (mix(i, seed) ^ inv)) {
        ++*errors;
        if (i < *first) *first = i;
      }
  } else if (name == "gd_fma_chain") {
    auto* out = ptr<float>(arg<unsigned long long>(p, 0));
    auto n = arg<unsigned long long>(p, 1);
    int iters = arg<int>(p, 2);
    for (unsigned long long i = 0; i < n; ++i) {
      float x = 1.0f + static_cast<float>(static_cast<uint32_t>(i) & 1023u) * 0.0009765625f;
      for (int k = 0; k < iters; ++k) x = std::fma(x, 0.999755859375f, 0.000244140625f * static_cast<float>(k & 7));
      out[i] = x;
    }
    if (mode() == "wrongfma" && n > 12345) out[12345] = std::nextafter(out[12345], 2.0f);
  } else if (name == "gd_copy") {
    std::memcpy(ptr<void>(arg<unsigned long long>(p, 1)), ptr<void>(arg<unsigned long long>(p, 0)),
                arg<unsigned long long>(p, 2) * 16);
  } else if (name == "gd_fma_peak") {
    auto* out = ptr<float>(arg<unsigned long long>(p, 0));
    int iters = arg<int>(p, 1);
    float a = arg<float>(p, 2), b = arg<float>(p, 3);
    for (unsigned tid = 0; tid < threads; ++tid) {
      float base = static_cast<float>(tid & 255u) * 0.00390625f;
      float x[8];
      for (int j = 0; j < 8; ++j) x[j] = base + static_cast<float>(j + 1);
      for (int k = 0; k < iters; ++k)
        for (float& v : x) v = std::fma(v, a, b);
      out[tid] = ((x[0] + x[1]) + (x[2] + x[3])) + ((x[4] + x[5]) + (x[6] + x[7]));
    }
  }
}

}  // namespace

extern "C" {

CUresult cuInit(unsigned flags) {
  if (flags != 0) return 1;
  std::string m = mode();
  if (m == "hang")
    for (;;) ::pause();
  if (m == "segv") {
    volatile int* null = nullptr;
    *null = 1;
  }
  if (int code = mode_number("init")) return code;
  if (visible().empty()) return 100;
  g_initialized = true;
  return 0;
}

CUresult cuDriverGetVersion(int* v) {
  *v = 12040;
  return 0;
}

CUresult cuDeviceGetCount(int* n) {
  if (!g_initialized) return 3;
  *n = static_cast<int>(visible().size());
  return 0;
}

CUresult cuDeviceGet(int* dev, int ordinal) {
  auto v = visible();
  if (ordinal < 0 || ordinal >= static_cast<int>(v.size())) return 101;
  *dev = v[static_cast<size_t>(ordinal)];
  return 0;
}

CUresult cuDeviceGetName(char* name, int len, int dev) {
  std::snprintf(name, static_cast<size_t>(len), "Fake GPU %d", dev);
  return 0;
}

CUresult cuDeviceGetUuid_v2(unsigned char* uuid, int dev) {
  for (int i = 0; i < 16; ++i) uuid[i] = static_cast<unsigned char>(dev * 16 + i);
  return 0;
}

CUresult cuDeviceGetPCIBusId(char* bus, int len, int dev) {
  // CUDA-style 8-digit domain, upper case: the probe must normalise it for sysfs.
  std::snprintf(bus, static_cast<size_t>(len), "00000000:E%d:00.0", dev + 1);
  return 0;
}

CUresult cuDeviceGetAttribute(int* v, int attr, int) {
  switch (attr) {
    case 13: *v = 1000000; return 0;  // clock, kHz
    case 16: *v = 2; return 0;        // SMs
    case 17: *v = 0; return 0;
    case 18: *v = 0; return 0;
    case 20: *v = mode_number("mode"); return 0;
    case 32: *v = 1; return 0;
    case 36: *v = 1000000; return 0;  // memory clock, kHz
    case 37: *v = 256; return 0;      // bus width
    case 75: *v = 8; return 0;
    case 76: *v = 0; return 0;
    default: return 1;
  }
}

CUresult cuDeviceTotalMem_v2(size_t* bytes, int) {
  *bytes = size_t{1} << 30;
  return 0;
}

CUresult cuDevicePrimaryCtxRetain(void** ctx, int dev) {
  if (dev == 0)
    if (int code = mode_number("ctx")) return code;
  *ctx = &g_context;
  return 0;
}
CUresult cuDevicePrimaryCtxRelease_v2(int) { return 0; }
CUresult cuCtxSetCurrent(void*) { return 0; }
CUresult cuCtxSynchronize() { return 0; }

CUresult cuMemGetInfo_v2(size_t* free_b, size_t* total) {
  *free_b = size_t{512} << 20;
  *total = size_t{1} << 30;
  return 0;
}

// Fresh "device" memory holds garbage on a real GPU: every allocation is filled with
// kPoison (all bits set: NaN as float, -1 as integer) so a reader of unwritten memory
// fails the same way on every run instead of depending on what malloc handed back.
constexpr unsigned char kPoison = 0xFF;

CUresult cuMemAlloc_v2(unsigned long long* p, size_t n) {
  size_t bytes = (n + 255) / 256 * 256;
  void* m = std::aligned_alloc(256, bytes);
  if (!m) return 2;
  std::memset(m, kPoison, bytes);
  *p = reinterpret_cast<uintptr_t>(m);
  return 0;
}
CUresult cuMemFree_v2(unsigned long long p) {
  std::free(ptr<void>(p));
  return 0;
}
CUresult cuMemAllocHost_v2(void** p, size_t n) {
  *p = std::malloc(n);
  if (*p) std::memset(*p, kPoison, n);
  return *p ? 0 : 2;
}
CUresult cuMemFreeHost(void* p) {
  std::free(p);
  return 0;
}
CUresult cuMemcpyHtoD_v2(unsigned long long dst, const void* src, size_t n) {
  std::memcpy(ptr<void>(dst), src, n);
  return 0;
}
CUresult cuMemcpyDtoH_v2(void* dst, unsigned long long src, size_t n) {
  std::memcpy(dst, ptr<void>(src), n);
  return 0;
}
CUresult cuMemcpyDtoD_v2(unsigned long long dst, unsigned long long src, size_t n) {
  std::memcpy(ptr<void>(dst), ptr<void>(src), n);
  return 0;
}
CUresult cuMemsetD32_v2(unsigned long long dst, unsigned v, size_t n) {
  auto* d = ptr<unsigned>(dst);
  for (size_t i = 0; i < n; ++i) d[i] = v;
  return 0;
}

// The image must be the selftest's PTX: every kernel's .entry has to be in it.
CUresult cuModuleLoadData(void** mod, const void* image) {
  const char* text = static_cast<const char*>(image);
  if (!std::strstr(text, ".version") || !std::strstr(text, ".target")) return 218;
  *mod = const_cast<void*>(image);
  return 0;
}
CUresult cuModuleUnload(void*) { return 0; }
CUresult cuModuleGetFunction(void** fn, void* mod, const char* name) {
  std::string entry = std::string(".entry ") + name + "(";
  if (!std::strstr(static_cast<const char*>(mod), entry.c_str())) return 500;  // CUDA_ERROR_NOT_FOUND
  for (auto& f : kFunctions)
    if (std::strcmp(f.name, name) == 0) {
      *fn = &f;
      return 0;
    }
  return 500;
}
CUresult cuLaunchKernel(void* fn, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned, void*, void** params, void**) {
  run_kernel(static_cast<Function*>(fn)->name, gx * gy * gz * bx * by * bz, params);
  return 0;
}

CUresult cuEventCreate(void** ev, unsigned) {
  *ev = new std::chrono::steady_clock::time_point();
  return 0;
}
CUresult cuEventRecord(void* ev, void*) {
  *static_cast<std::chrono::steady_clock::time_point*>(ev) = std::chrono::steady_clock::now();
  return 0;
}
CUresult cuEventSynchronize(void*) { return 0; }
CUresult cuEventElapsedTime(float* ms, void* a, void* b) {
  auto d = *static_cast<std::chrono::steady_clock::time_point*>(b) - *static_cast<std::chrono::steady_clock::time_point*>(a);
  *ms = std::chrono::duration<float, std::milli>(d).count();
  return 0;
}
CUresult cuEventDestroy_v2(void* ev) {
  delete static_cast<std::chrono::steady_clock::time_point*>(ev);
  return 0;
}

}  // extern "C"
