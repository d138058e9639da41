#include "live/nvml_probe.hpp"

#include <fmt/format.h>

#include "live/nvml_decode.hpp"
#include "probe/root_fs.hpp"
#include "util/strings.hpp"

namespace gpudoctor::live {
namespace {

constexpr int kMissingSymbol = -1;

template <class Fn, class... Args>
nvmlReturn call(Fn* fn, Args... args) {
  return fn ? fn(args...) : kMissingSymbol;
}

// NOT_SUPPORTED is an answer (a GeForce has no ECC), and a missing symbol means an older
// driver; anything else is worth reporting.
bool check(facts::NvmlFacts& out, const char* name, nvmlReturn r, int device) {
  if (r == kNvmlSuccess) return true;
  if (r != kNvmlNotSupported && r != kNvmlFunctionNotFound && r != kMissingSymbol)
    out.errors.push_back({name, r, "", device});
  return false;
}

int to_int(unsigned v) { return static_cast<int>(std::min<unsigned>(v, 0x7FFFFFFF)); }

void probe_processes(NvmlApi& api, facts::NvmlFacts& out, facts::NvmlGpu& g, nvmlDevice dev, bool graphics,
                     const std::string& proc_root) {
  auto fn = graphics ? api.nvmlDeviceGetGraphicsRunningProcesses : api.nvmlDeviceGetComputeRunningProcesses;
  const char* name = graphics ? "nvmlDeviceGetGraphicsRunningProcesses" : "nvmlDeviceGetComputeRunningProcesses";
  // Count first (SUCCESS: none, INSUFFICIENT_SIZE: count set), then a roomier buffer,
  // since processes come and go between the calls (nvitop ~675-690).
  unsigned count = 0;
  nvmlReturn r = call(fn, dev, &count, static_cast<unsigned char*>(nullptr));
  if (r == kNvmlSuccess) return;
  if (r != kNvmlInsufficientSize) {
    check(out, name, r, g.index);
    return;
  }
  unsigned capacity = count * 2 + 5;
  // Sized for the largest layout whatever we guessed: a driver that writes 32-byte entries
  // into a 24-byte-per-entry buffer overruns it (nvitop PR #79).
  std::vector<unsigned char> buf(static_cast<size_t>(capacity) * kProcessInfoMaxSize, 0);
  count = capacity;
  r = call(fn, dev, &count, buf.data());
  if (!check(out, name, r, g.index)) return;
  int stride = 0;
  auto procs = decode_processes(buf, count, api.process_stride, stride);
  g.process_info_stride = stride;
  for (auto& p : procs) {
    p.type = graphics ? "graphics" : "compute";
    p.command = read_cmdline(proc_root, p.pid);
    if (p.command.empty() && api.nvmlSystemGetProcessName) {
      char pname[256] = {};
      if (api.nvmlSystemGetProcessName(p.pid, pname, sizeof pname - 1) == kNvmlSuccess) p.command = pname;
    }
    g.processes.push_back(std::move(p));
  }
}

void probe_ecc(NvmlApi& api, facts::NvmlFacts& out, facts::NvmlGpu& g, nvmlDevice dev) {
  int cur = -1, pend = -1;
  if (check(out, "nvmlDeviceGetEccMode", call(api.nvmlDeviceGetEccMode, dev, &cur, &pend), g.index)) {
    g.ecc_current = cur;
    g.ecc_pending = pend;
  }
  unsigned long long v = 0;
  if (check(out, "nvmlDeviceGetTotalEccErrors", call(api.nvmlDeviceGetTotalEccErrors, dev, 0, 0, &v), g.index))
    g.ecc_corrected_volatile = static_cast<long long>(v);
  if (check(out, "nvmlDeviceGetTotalEccErrors", call(api.nvmlDeviceGetTotalEccErrors, dev, 1, 0, &v), g.index))
    g.ecc_uncorrected_volatile = static_cast<long long>(v);
  if (check(out, "nvmlDeviceGetTotalEccErrors", call(api.nvmlDeviceGetTotalEccErrors, dev, 1, 1, &v), g.index))
    g.ecc_uncorrected_aggregate = static_cast<long long>(v);
  // A count query passes 0 and no buffer; drivers answer SUCCESS or INSUFFICIENT_SIZE.
  for (int cause : {0, 1}) {
    unsigned n = 0;
    nvmlReturn r = call(api.nvmlDeviceGetRetiredPages, dev, cause, &n, static_cast<unsigned long long*>(nullptr));
    if (r == kNvmlSuccess || r == kNvmlInsufficientSize)
      (cause == 0 ? g.retired_pages_sbe : g.retired_pages_dbe) = to_int(n);
    else
      check(out, "nvmlDeviceGetRetiredPages", r, g.index);
  }
  int pending = -1;
  if (check(out, "nvmlDeviceGetRetiredPagesPendingStatus",
            call(api.nvmlDeviceGetRetiredPagesPendingStatus, dev, &pending), g.index))
    g.retired_pages_pending = pending;
  unsigned corr = 0, unc = 0, rp = 0, rf = 0;
  if (check(out, "nvmlDeviceGetRemappedRows", call(api.nvmlDeviceGetRemappedRows, dev, &corr, &unc, &rp, &rf),
            g.index)) {
    g.remapped_correctable = to_int(corr);
    g.remapped_uncorrectable = to_int(unc);
    g.remap_pending = to_int(rp);
    g.remap_failure = to_int(rf);
  }
}

void probe_mig(NvmlApi& api, facts::NvmlFacts& out, facts::NvmlGpu& g, nvmlDevice dev) {
  unsigned cur = 0, pend = 0;
  if (!check(out, "nvmlDeviceGetMigMode", call(api.nvmlDeviceGetMigMode, dev, &cur, &pend), g.index)) return;
  g.mig_current = to_int(cur);
  g.mig_pending = to_int(pend);
  if (cur != 1) return;
  unsigned max = 0;
  if (!check(out, "nvmlDeviceGetMaxMigDeviceCount", call(api.nvmlDeviceGetMaxMigDeviceCount, dev, &max), g.index))
    return;
  int found = 0;
  for (unsigned i = 0; i < max; ++i) {
    nvmlDevice mig = nullptr;
    nvmlReturn r = call(api.nvmlDeviceGetMigDeviceHandleByIndex, dev, i, &mig);
    if (r == kNvmlSuccess) ++found;
    else if (r != kNvmlNotFound) check(out, "nvmlDeviceGetMigDeviceHandleByIndex", r, g.index);
  }
  g.mig_instances = found;
}

void probe_link_and_clocks(NvmlApi& api, facts::NvmlFacts& out, facts::NvmlGpu& g, nvmlDevice dev) {
  auto get = [&](const char* name, auto fn, int& into) {
    unsigned v = 0;
    if (check(out, name, call(fn, dev, &v), g.index)) into = to_int(v);
  };
  get("nvmlDeviceGetCurrPcieLinkGeneration", api.nvmlDeviceGetCurrPcieLinkGeneration, g.pcie_gen);
  get("nvmlDeviceGetMaxPcieLinkGeneration", api.nvmlDeviceGetMaxPcieLinkGeneration, g.pcie_gen_max);
  get("nvmlDeviceGetGpuMaxPcieLinkGeneration", api.nvmlDeviceGetGpuMaxPcieLinkGeneration, g.pcie_gen_gpu_max);
  get("nvmlDeviceGetCurrPcieLinkWidth", api.nvmlDeviceGetCurrPcieLinkWidth, g.pcie_width);
  get("nvmlDeviceGetMaxPcieLinkWidth", api.nvmlDeviceGetMaxPcieLinkWidth, g.pcie_width_max);
  get("nvmlDeviceGetPowerUsage", api.nvmlDeviceGetPowerUsage, g.power_mw);
  get("nvmlDeviceGetEnforcedPowerLimit", api.nvmlDeviceGetEnforcedPowerLimit, g.power_limit_mw);
  auto clock = [&](const char* name, auto fn, int type, int& into) {
    unsigned v = 0;
    if (check(out, name, call(fn, dev, type, &v), g.index)) into = to_int(v);
  };
  constexpr int kClockSm = 1, kClockMem = 2, kTemperatureGpu = 0;
  clock("nvmlDeviceGetClockInfo", api.nvmlDeviceGetClockInfo, kClockSm, g.sm_clock_mhz);
  clock("nvmlDeviceGetMaxClockInfo", api.nvmlDeviceGetMaxClockInfo, kClockSm, g.sm_clock_max_mhz);
  clock("nvmlDeviceGetClockInfo", api.nvmlDeviceGetClockInfo, kClockMem, g.mem_clock_mhz);
  clock("nvmlDeviceGetMaxClockInfo", api.nvmlDeviceGetMaxClockInfo, kClockMem, g.mem_clock_max_mhz);
  clock("nvmlDeviceGetTemperature", api.nvmlDeviceGetTemperature, kTemperatureGpu, g.temperature_c);
  unsigned long long reasons = 0;
  if (check(out, "nvmlDeviceGetCurrentClocksEventReasons", call(api.nvmlDeviceGetCurrentClocksEventReasons, dev, &reasons),
            g.index))
    g.clocks_event_reasons = static_cast<long long>(reasons);
}

facts::NvmlGpu probe_gpu(NvmlApi& api, facts::NvmlFacts& out, unsigned index, const StageFn& stage,
                         const std::string& proc_root) {
  facts::NvmlGpu g;
  g.index = static_cast<int>(index);
  stage(fmt::format("nvmlDeviceGetHandleByIndex({})", index));
  nvmlDevice dev = nullptr;
  if (!check(out, "nvmlDeviceGetHandleByIndex_v2", call(api.nvmlDeviceGetHandleByIndex, index, &dev), g.index))
    return g;
  char text[256] = {};
  if (check(out, "nvmlDeviceGetName", call(api.nvmlDeviceGetName, dev, text, unsigned{sizeof text - 1}), g.index))
    g.name = text;
  std::fill(std::begin(text), std::end(text), '\0');
  if (check(out, "nvmlDeviceGetUUID", call(api.nvmlDeviceGetUUID, dev, text, unsigned{sizeof text - 1}), g.index))
    g.uuid = text;
  unsigned char pci[kPciInfoSize] = {};
  if (check(out, "nvmlDeviceGetPciInfo_v3", call(api.nvmlDeviceGetPciInfo, dev, pci), g.index)) {
    auto p = decode_pci_info(pci);
    g.pci_bus_id = p.bus_id;
    g.pci_device_id = p.device_id;
  }
  unsigned char mem[kMemorySize] = {};
  if (check(out, "nvmlDeviceGetMemoryInfo", call(api.nvmlDeviceGetMemoryInfo, dev, mem), g.index)) {
    auto m = decode_memory(mem);
    g.memory_total = m.total;
    g.memory_free = m.free;
    g.memory_used = m.used;
  }
  unsigned char util[kUtilizationSize] = {};
  if (check(out, "nvmlDeviceGetUtilizationRates", call(api.nvmlDeviceGetUtilizationRates, dev, util), g.index)) {
    auto u = decode_utilization(util);
    g.utilization_gpu = to_int(u.gpu);
    g.utilization_memory = to_int(u.memory);
  }
  int mode = -1;
  if (check(out, "nvmlDeviceGetComputeMode", call(api.nvmlDeviceGetComputeMode, dev, &mode), g.index))
    g.compute_mode = mode;
  int persistence = -1;
  if (check(out, "nvmlDeviceGetPersistenceMode", call(api.nvmlDeviceGetPersistenceMode, dev, &persistence), g.index))
    g.persistence = persistence;
  stage(fmt::format("MIG, ECC, clocks of GPU {}", index));
  probe_mig(api, out, g, dev);
  probe_ecc(api, out, g, dev);
  probe_link_and_clocks(api, out, g, dev);
  stage(fmt::format("processes on GPU {}", index));
  probe_processes(api, out, g, dev, false, proc_root);
  probe_processes(api, out, g, dev, true, proc_root);
  return g;
}

}  // namespace

std::string read_cmdline(const std::string& proc_root, unsigned pid) {
  probe::RootFs fs("/");
  auto r = fs.read(probe::path_join(proc_root, fmt::format("{}/cmdline", pid)), 4096);
  if (!r) return "";
  std::string s = *r;
  for (auto& c : s)
    if (c == '\0') c = ' ';
  return std::string(util::trim(s));
}

bool probe_nvml(const std::string& library, NvmlApi& api, facts::NvmlFacts& out, const StageFn& stage,
                const std::string& proc_root) {
  stage("dlopen " + library);
  bool ok = api.load(library);
  out.library = api.lib.info();
  stage("loaded");
  if (!ok) return false;
  stage("nvmlInit");
  out.init_result = call(api.nvmlInit);
  stage("nvmlInit returned");
  if (out.init_result != kNvmlSuccess) return true;

  char text[96] = {};  // NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE is 80
  if (check(out, "nvmlSystemGetDriverVersion", call(api.nvmlSystemGetDriverVersion, text, unsigned{sizeof text - 1}), -1))
    out.driver_version = text;
  std::fill(std::begin(text), std::end(text), '\0');
  if (check(out, "nvmlSystemGetNVMLVersion", call(api.nvmlSystemGetNVMLVersion, text, unsigned{sizeof text - 1}), -1))
    out.nvml_version = text;
  int cuda = 0;
  if (check(out, "nvmlSystemGetCudaDriverVersion_v2", call(api.nvmlSystemGetCudaDriverVersion, &cuda), -1))
    out.cuda_driver_version = cuda;
  stage("nvmlDeviceGetCount");
  unsigned count = 0;
  out.device_count_result = call(api.nvmlDeviceGetCount, &count);
  if (check(out, "nvmlDeviceGetCount_v2", out.device_count_result, -1)) {
    out.device_count = to_int(count);
    for (unsigned i = 0; i < count; ++i) {
      out.gpus.push_back(probe_gpu(api, out, i, stage, proc_root));
      stage(fmt::format("GPU {} done", i));
    }
  }
  if (api.nvmlShutdown) api.nvmlShutdown();
  return true;
}

}  // namespace gpudoctor::live
