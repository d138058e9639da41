// A stand-in libnvidia-ml.so.1 for tests/live, writing NVML's structures byte for byte
// as nvml.h lays them out (NVIDIA/go-nvml pkg/nvml/nvml.h). Built twice: the default
// writes 24-byte process entries and exports nvmlDeviceGetRunningProcessDetailList (a
// current driver); with GD_FAKE_NVML_R535 it writes the 32-byte entries of R535-era
// drivers and exports nvmlDeviceGetConfComputeMemSizeInfo without the detail list.
// GD_FAKE_NVML: ""/"ok", "init=N" (nvmlInit returns N), "hang" (nvmlInit never returns),
// "lost" (GPU 1 answers NVML_ERROR_GPU_IS_LOST); for tests/run: "run" (GPU 0 lists, besides
// pid 1, every other child of the calling process's parent with 3 GiB each: the command
// `gpudoctor run` started beside its sampler), "run-foreign" (GPU 0 lists, from the third
// sample on, pid 4000001 with 2 GiB: a pid of another PID namespace).
// GPU 0: exclusive-process, 60 of 80 GiB used by this test process and pid 1, thermal
// throttling, link Gen3 x8 of Gen5 x16 at 97% load, an uncorrectable ECC error pending
// retirement. GPU 1: MIG on with no instance, idle.
#include <dirent.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using nvmlReturn = int;
constexpr int kGpus = 2;
int g_handles[kGpus] = {0, 1};

std::string mode() {
  const char* m = std::getenv("GD_FAKE_NVML");
  return m ? m : "";
}

int index_of(void* dev) {
  for (int i = 0; i < kGpus; ++i)
    if (dev == &g_handles[i]) return i;
  return -1;
}

// GPU 1 is lost in "lost" mode; every per-device call says so.
#define GD_DEVICE(dev)                                 \
  int gpu = index_of(dev);                            \
  if (gpu < 0) return 2;                              \
  if (gpu == 1 && mode() == "lost") return 15;

template <class T>
void put(unsigned char* b, size_t off, T v) {
  std::memcpy(b + off, &v, sizeof v);
}

constexpr unsigned long long kGiB = 1ull << 30;

// The other children of our parent (pid and ppid from /proc/<pid>/stat).
std::vector<unsigned> siblings() {
  std::vector<unsigned> out;
  unsigned self = static_cast<unsigned>(::getpid()), parent = static_cast<unsigned>(::getppid());
  DIR* d = ::opendir("/proc");
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    std::ifstream in(std::string("/proc/") + e->d_name + "/stat");
    std::string line;
    if (!std::getline(in, line)) continue;
    auto rp = line.rfind(')');
    if (rp == std::string::npos) continue;
    unsigned pid = 0, ppid = 0;
    char state = 0;
    if (std::sscanf(line.c_str(), "%u", &pid) != 1) continue;
    if (std::sscanf(line.c_str() + rp + 1, " %c %u", &state, &ppid) != 2) continue;
    if (ppid == parent && pid != self && state != 'Z') out.push_back(pid);
  }
  ::closedir(d);
  return out;
}

int g_process_queries = 0;

std::vector<std::pair<unsigned, unsigned long long>> gpu0_processes() {
  std::string m = mode();
  if (m == "run") {
    std::vector<std::pair<unsigned, unsigned long long>> out;
    for (unsigned pid : siblings()) out.push_back({pid, 3 * kGiB});
    out.push_back({1u, 20 * kGiB});
    return out;
  }
  if (m == "run-foreign") {
    if (++g_process_queries < 5) return {{1u, 20 * kGiB}};  // two queries per sample
    return {{1u, 20 * kGiB}, {4000001u, 2 * kGiB}};
  }
  return {{static_cast<unsigned>(::getpid()), 40 * kGiB}, {1u, 20 * kGiB}};
}

}  // namespace

extern "C" {

nvmlReturn nvmlInit_v2() {
  std::string m = mode();
  if (m == "hang")
    for (;;) ::pause();
  if (m.rfind("init=", 0) == 0) return std::atoi(m.c_str() + 5);
  return 0;
}
nvmlReturn nvmlShutdown() { return 0; }

nvmlReturn nvmlSystemGetDriverVersion(char* v, unsigned len) {
  std::snprintf(v, len, "550.54.15");
  return 0;
}
nvmlReturn nvmlSystemGetNVMLVersion(char* v, unsigned len) {
  std::snprintf(v, len, "12.550.54.15");
  return 0;
}
nvmlReturn nvmlSystemGetCudaDriverVersion_v2(int* v) {
  *v = 12040;
  return 0;
}
nvmlReturn nvmlSystemGetProcessName(unsigned pid, char* name, unsigned len) {
  std::snprintf(name, len, "process-%u", pid);
  return 0;
}

nvmlReturn nvmlDeviceGetCount_v2(unsigned* n) {
  *n = kGpus;
  return 0;
}
nvmlReturn nvmlDeviceGetHandleByIndex_v2(unsigned i, void** dev) {
  if (i >= kGpus) return 2;
  *dev = &g_handles[i];
  return 0;
}
nvmlReturn nvmlDeviceGetName(void* dev, char* name, unsigned len) {
  GD_DEVICE(dev);
  std::snprintf(name, len, gpu == 0 ? "NVIDIA H100 80GB HBM3" : "NVIDIA A100-SXM4-80GB");
  return 0;
}
nvmlReturn nvmlDeviceGetUUID(void* dev, char* uuid, unsigned len) {
  GD_DEVICE(dev);
  // The same UUID the fake libcuda's cuDeviceGetUuid_v2 gives this GPU (bytes 16*gpu+i):
  // one GPU has one UUID, whichever library names it.
  int b = gpu * 16;
  std::snprintf(uuid, len, "GPU-%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b, b + 1, b + 2,
                b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15);
  return 0;
}
// nvmlPciInfo_t: busIdLegacy[16] @0, domain @16, bus @20, device @24, pciDeviceId @28,
// pciSubSystemId @32, busId[32] @36; 68 bytes.
nvmlReturn nvmlDeviceGetPciInfo_v3(void* dev, unsigned char* p) {
  GD_DEVICE(dev);
  std::memset(p, 0, 68);
  // One hex digit per GPU (E1, E2): a %c keeps GCC's -O0 -Wformat-truncation, which cannot
  // see that gpu < kGpus, from fearing an int's 11 characters in the 16-byte field.
  const char bus_digit = static_cast<char>('1' + gpu);
  std::snprintf(reinterpret_cast<char*>(p), 16, "0000:E%c:00.0", bus_digit);
  put<uint32_t>(p, 16, 0);
  put<uint32_t>(p, 20, 0xE1u + static_cast<unsigned>(gpu));
  put<uint32_t>(p, 24, 0);
  put<uint32_t>(p, 28, gpu == 0 ? 0x233010DEu : 0x20B210DEu);
  put<uint32_t>(p, 32, 0x16C110DEu);
  std::snprintf(reinterpret_cast<char*>(p + 36), 32, "00000000:E%c:00.0", bus_digit);
  return 0;
}
// nvmlMemory_t {ull total, free, used}
nvmlReturn nvmlDeviceGetMemoryInfo(void* dev, unsigned char* m) {
  GD_DEVICE(dev);
  unsigned long long total = 80 * kGiB, used = gpu == 0 ? 60 * kGiB : kGiB / 2;
  put<uint64_t>(m, 0, total);
  put<uint64_t>(m, 8, total - used);
  put<uint64_t>(m, 16, used);
  return 0;
}
nvmlReturn nvmlDeviceGetUtilizationRates(void* dev, unsigned char* u) {
  GD_DEVICE(dev);
  put<uint32_t>(u, 0, gpu == 0 ? 97u : 0u);
  put<uint32_t>(u, 4, gpu == 0 ? 50u : 0u);
  return 0;
}
nvmlReturn nvmlDeviceGetComputeMode(void* dev, int* m) {
  GD_DEVICE(dev);
  *m = gpu == 0 ? 3 : 0;
  return 0;
}
nvmlReturn nvmlDeviceGetMigMode(void* dev, unsigned* cur, unsigned* pend) {
  GD_DEVICE(dev);
  *cur = *pend = gpu == 1 ? 1u : 0u;
  return gpu == 1 ? 0 : 3;
}
nvmlReturn nvmlDeviceGetMaxMigDeviceCount(void* dev, unsigned* n) {
  GD_DEVICE(dev);
  *n = 7;
  return 0;
}
nvmlReturn nvmlDeviceGetMigDeviceHandleByIndex(void* dev, unsigned, void**) {
  GD_DEVICE(dev);
  return 6;  // NVML_ERROR_NOT_FOUND: no instance created
}
nvmlReturn nvmlDeviceGetPersistenceMode(void* dev, int* m) {
  GD_DEVICE(dev);
  *m = 1;
  return 0;
}
nvmlReturn nvmlDeviceGetEccMode(void* dev, int* cur, int* pend) {
  GD_DEVICE(dev);
  *cur = *pend = 1;
  return gpu == 0 ? 0 : 3;
}
nvmlReturn nvmlDeviceGetTotalEccErrors(void* dev, int type, int counter, unsigned long long* n) {
  GD_DEVICE(dev);
  if (gpu != 0) return 3;
  *n = type == 0 ? 5 : (counter == 0 ? 1 : 2);
  return 0;
}
nvmlReturn nvmlDeviceGetRetiredPages(void* dev, int cause, unsigned* count, unsigned long long* addrs) {
  GD_DEVICE(dev);
  if (gpu != 0) return 3;
  unsigned have = cause == 0 ? 1 : 0;
  unsigned room = *count;
  *count = have;
  if (!addrs || room < have) return have ? 7 : 0;
  for (unsigned i = 0; i < have; ++i) addrs[i] = 0x1000u * (i + 1);
  return 0;
}
nvmlReturn nvmlDeviceGetRetiredPagesPendingStatus(void* dev, int* p) {
  GD_DEVICE(dev);
  *p = gpu == 0 ? 1 : 0;
  return 0;
}
nvmlReturn nvmlDeviceGetRemappedRows(void* dev, unsigned* c, unsigned* u, unsigned* p, unsigned* f) {
  GD_DEVICE(dev);
  *c = 0;
  *u = gpu == 0 ? 1 : 0;
  *p = 0;
  *f = 0;
  return 0;
}
nvmlReturn nvmlDeviceGetCurrentClocksEventReasons(void* dev, unsigned long long* r) {
  GD_DEVICE(dev);
  *r = gpu == 0 ? 0x44ull : 0x1ull;  // sw power cap + hw thermal slowdown / idle
  return 0;
}
nvmlReturn nvmlDeviceGetTemperature(void* dev, int, unsigned* t) {
  GD_DEVICE(dev);
  *t = gpu == 0 ? 88 : 35;
  return 0;
}
nvmlReturn nvmlDeviceGetPowerUsage(void* dev, unsigned* mw) {
  GD_DEVICE(dev);
  *mw = gpu == 0 ? 650000 : 60000;
  return 0;
}
nvmlReturn nvmlDeviceGetEnforcedPowerLimit(void* dev, unsigned* mw) {
  GD_DEVICE(dev);
  *mw = 700000;
  return 0;
}
nvmlReturn nvmlDeviceGetClockInfo(void* dev, int type, unsigned* mhz) {
  GD_DEVICE(dev);
  *mhz = type == 1 ? 1200 : 2619;
  return 0;
}
nvmlReturn nvmlDeviceGetMaxClockInfo(void* dev, int type, unsigned* mhz) {
  GD_DEVICE(dev);
  *mhz = type == 1 ? 1980 : 2619;
  return 0;
}
nvmlReturn nvmlDeviceGetCurrPcieLinkGeneration(void* dev, unsigned* v) {
  GD_DEVICE(dev);
  *v = gpu == 0 ? 3 : 4;
  return 0;
}
nvmlReturn nvmlDeviceGetMaxPcieLinkGeneration(void* dev, unsigned* v) {
  GD_DEVICE(dev);
  *v = gpu == 0 ? 5 : 4;
  return 0;
}
nvmlReturn nvmlDeviceGetGpuMaxPcieLinkGeneration(void* dev, unsigned* v) {
  GD_DEVICE(dev);
  *v = gpu == 0 ? 5 : 4;
  return 0;
}
nvmlReturn nvmlDeviceGetCurrPcieLinkWidth(void* dev, unsigned* v) {
  GD_DEVICE(dev);
  *v = gpu == 0 ? 8 : 16;
  return 0;
}
nvmlReturn nvmlDeviceGetMaxPcieLinkWidth(void* dev, unsigned* v) {
  GD_DEVICE(dev);
  *v = 16;
  return 0;
}

#ifdef GD_FAKE_NVML_R535
constexpr size_t kStride = 32;
nvmlReturn nvmlDeviceGetConfComputeMemSizeInfo(void*, void*) { return 3; }
#else
constexpr size_t kStride = 24;
nvmlReturn nvmlDeviceGetRunningProcessDetailList(void*, void*) { return 3; }
#endif

// {uint pid; (pad); ull usedGpuMemory; uint gpuInstanceId; uint computeInstanceId; [ull ccProtected]}
nvmlReturn nvmlDeviceGetComputeRunningProcesses_v3(void* dev, unsigned* count, unsigned char* buf) {
  GD_DEVICE(dev);
  auto procs = gpu == 0 ? gpu0_processes() : std::vector<std::pair<unsigned, unsigned long long>>{};
  unsigned have = static_cast<unsigned>(procs.size());
  unsigned room = *count;
  *count = have;
  if (have == 0) return 0;
  if (!buf || room < have) return 7;
  for (unsigned i = 0; i < have; ++i) {
    unsigned char* e = buf + kStride * i;
    std::memset(e, 0, kStride);
    put<uint32_t>(e, 0, procs[i].first);
    put<uint64_t>(e, 8, procs[i].second);
    put<uint32_t>(e, 16, 0xFFFFFFFFu);
    put<uint32_t>(e, 20, 0xFFFFFFFFu);
  }
  return 0;
}
nvmlReturn nvmlDeviceGetGraphicsRunningProcesses_v3(void* dev, unsigned* count, unsigned char*) {
  GD_DEVICE(dev);
  *count = 0;
  return 0;
}

}  // extern "C"
