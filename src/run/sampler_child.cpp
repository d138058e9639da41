#include "run/sampler_child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "live/nvml_api.hpp"
#include "live/nvml_decode.hpp"
#include "run/attribution.hpp"
#include "run/process_tree.hpp"

namespace gpudoctor::run {
namespace {

using live::kNvmlInsufficientSize;
using live::kNvmlSuccess;

class LineWriter {
 public:
  LineWriter() : fd_(::fcntl(3, F_GETFD) != -1 ? 3 : STDOUT_FILENO) {}
  // Driver strings need not be UTF-8: invalid bytes become U+FFFD.
  void write(const nlohmann::json& j) {
    std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    const char* p = s.data();
    size_t left = s.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // the parent stopped listening
      p += n;
      left -= static_cast<size_t>(n);
    }
  }

 private:
  int fd_;
};

long long monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Compute and graphics processes of one device (count first, then a roomier buffer,
// as nvml_probe does: processes come and go between the calls).
std::vector<GpuProcess> device_processes(live::NvmlApi& api, live::nvmlDevice dev) {
  std::vector<GpuProcess> out;
  for (auto fn : {api.nvmlDeviceGetComputeRunningProcesses, api.nvmlDeviceGetGraphicsRunningProcesses}) {
    if (!fn) continue;
    unsigned count = 0;
    if (fn(dev, &count, nullptr) != kNvmlInsufficientSize) continue;
    unsigned capacity = count * 2 + 5;
    std::vector<unsigned char> buf(static_cast<size_t>(capacity) * live::kProcessInfoMaxSize, 0);
    count = capacity;
    if (fn(dev, &count, buf.data()) != kNvmlSuccess) continue;
    int stride = 0;
    for (const auto& p : live::decode_processes(buf, std::min(count, capacity), api.process_stride, stride)) {
      bool dup = false;
      for (auto& o : out)
        if (o.pid == p.pid) {
          o.used_bytes = std::max(o.used_bytes, p.used_bytes);  // a process in both lists
          dup = true;
        }
      if (!dup) out.push_back({p.pid, p.used_bytes});
    }
  }
  return out;
}

}  // namespace

int run_sampler_child(const SamplerArgs& args) {
  // If gpudoctor dies, this child must not live on (or hang inside NVML) without it.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (args.pid == 0 || args.interval_ms <= 0) return 2;
  LineWriter w;
  SamplerInfo info;
  info.nested_pid_namespace = nested_pid_namespace(read_text(args.proc_root + "/self/status"));
  live::NvmlApi api;
  if (!api.load(args.library)) {
    info.outcome = "no_nvml";
    info.library = api.lib.info();
    w.write({{"info", info}});
    w.write({{"done", true}});
    return 0;
  }
  info.library = api.lib.info();
  info.init_result = api.nvmlInit ? api.nvmlInit() : -1;
  if (info.init_result != kNvmlSuccess) {
    info.outcome = "nvml_init_failed";
    w.write({{"info", info}});
    w.write({{"done", true}});
    return 0;
  }
  char text[96] = {};
  if (api.nvmlSystemGetDriverVersion && api.nvmlSystemGetDriverVersion(text, sizeof text - 1) == kNvmlSuccess)
    info.driver_version = text;
  unsigned count = 0;
  std::vector<live::nvmlDevice> devices;
  if (api.nvmlDeviceGetCount && api.nvmlDeviceGetCount(&count) == kNvmlSuccess) {
    for (unsigned i = 0; i < count && i < 64; ++i) {
      live::nvmlDevice dev = nullptr;
      if (!api.nvmlDeviceGetHandleByIndex || api.nvmlDeviceGetHandleByIndex(i, &dev) != kNvmlSuccess) dev = nullptr;
      char name[128] = {};
      if (dev && api.nvmlDeviceGetName) api.nvmlDeviceGetName(dev, name, sizeof name - 1);
      devices.push_back(dev);
      info.gpu_names.emplace_back(name);
    }
  }
  info.device_count = static_cast<int>(devices.size());
  info.outcome = devices.empty() ? "no_devices" : "ok";
  w.write({{"info", info}});

  if (!devices.empty()) {
    ProcessTree tree(args.pid, args.proc_root);
    const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK) > 0 ? ::sysconf(_SC_CLK_TCK) : 100);
    std::set<unsigned> baseline;
    bool first = true;
    long long last_ns = 0;
    long long next_ns = monotonic_ns();
    while (tree.refresh()) {
      long long now = monotonic_ns();
      Sample s;
      s.t_s = static_cast<double>(now - args.t0_ns) / 1e9;
      s.tree_size = static_cast<int>(tree.size());
      uint64_t ticks = tree.take_cpu_ticks();
      if (!first && now > last_ns) s.cpu_cores = static_cast<double>(ticks) / tick / (static_cast<double>(now - last_ns) / 1e9);
      std::vector<std::vector<GpuProcess>> procs;
      for (size_t i = 0; i < devices.size(); ++i) {
        GpuSample g;
        g.index = static_cast<int>(i);
        if (live::nvmlDevice dev = devices[i]) {
          unsigned char util[live::kUtilizationSize] = {};
          if (api.nvmlDeviceGetUtilizationRates && api.nvmlDeviceGetUtilizationRates(dev, util) == kNvmlSuccess) {
            auto u = live::decode_utilization(util);
            g.sm_util = static_cast<int>(std::min(u.gpu, 100u));
            g.mem_util = static_cast<int>(std::min(u.memory, 100u));
          }
          unsigned char mem[live::kMemorySize] = {};
          if (api.nvmlDeviceGetMemoryInfo && api.nvmlDeviceGetMemoryInfo(dev, mem) == kNvmlSuccess)
            g.used_bytes = live::decode_memory(mem).used;
          procs.push_back(device_processes(api, dev));
        } else {
          procs.emplace_back();
        }
        s.gpus.push_back(std::move(g));
      }
      // Processes already on a GPU at the first sample cannot be the command's new
      // context (creating one takes longer than the first interval): the baseline for
      // the timing fallback.
      if (first)
        for (const auto& list : procs)
          for (const auto& p : list)
            if (!tree.contains(p.pid)) baseline.insert(p.pid);
      AttributionInput in{[&](unsigned pid) { return tree.contains(pid); },
                          [&](unsigned pid) { return tree.visible(pid); }, &baseline};
      attribute(procs, in, s.gpus);
      w.write({{"sample", s}});
      first = false;
      last_ns = now;
      next_ns += static_cast<long long>(args.interval_ms) * 1000000LL;
      if (next_ns < monotonic_ns()) next_ns = monotonic_ns();  // fell behind (a slow NVML call): do not burst
      // Sleep in short slices so a long --interval still notices the command's end soon.
      const std::string root_dir = args.proc_root + "/" + std::to_string(args.pid);
      for (long long wait; (wait = next_ns - monotonic_ns()) > 0;) {
        std::this_thread::sleep_for(std::chrono::nanoseconds(std::min(wait, 50'000'000LL)));
        if (::access(root_dir.c_str(), F_OK) != 0) break;
      }
    }
  }
  if (api.nvmlShutdown) api.nvmlShutdown();
  w.write({{"done", true}});
  return 0;
}

}  // namespace gpudoctor::run
