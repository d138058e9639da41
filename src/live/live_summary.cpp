#include "live/live_summary.hpp"

#include <fmt/format.h>

#include "live/cuda_probe.hpp"

namespace gpudoctor::live {
namespace {

std::string gib(unsigned long long b) { return fmt::format("{:.1f} GiB", static_cast<double>(b) / (1ull << 30)); }

std::string run_trouble(const facts::LiveRun& r) {
  if (r.outcome == "timeout")
    return fmt::format("hung{} (killed after {:.0f} s)", r.stage.empty() ? "" : " in " + r.stage, r.elapsed_s);
  if (r.outcome == "crashed")
    return r.signal ? fmt::format("crashed (signal {}){}", r.signal, r.stage.empty() ? "" : " in " + r.stage)
                    : "ended without finishing";
  if (r.outcome == "error") return "could not be asked: " + r.error;
  return "";
}

std::string cuda_part(const facts::CudaFacts& c) {
  if (auto t = run_trouble(c.run); !t.empty()) return "libcuda " + t;
  if (!c.library.loaded) return "libcuda.so.1 not loadable";
  std::string lib = c.library.real_path.empty() ? c.library.path : c.library.real_path;
  if (c.init_result != 0)
    return fmt::format("libcuda {}: cuInit {} {}", lib, c.init_result, c.init_result_name);
  return fmt::format("libcuda {} (CUDA {}): {} GPU{}", lib, format_cuda_version(c.driver_version), c.device_count,
                     c.device_count == 1 ? "" : "s");
}

std::string nvml_part(const facts::NvmlFacts& n) {
  if (n.run.outcome == "skipped" || n.run.outcome.empty()) return "";
  if (auto t = run_trouble(n.run); !t.empty()) return "NVML " + t;
  if (!n.library.loaded) return "NVML not loadable";
  if (n.init_result != 0) return fmt::format("nvmlInit {} {}", n.init_result, n.init_result_name);
  return fmt::format("NVML {}: {} GPU{}", n.driver_version, n.device_count, n.device_count == 1 ? "" : "s");
}

}  // namespace

LiveSummary summarize_live(const facts::LiveFacts& live) {
  LiveSummary s;
  if (!live.ran) {
    s.summary = "not asked (--no-live, or facts from a file without it)";
    return s;
  }
  s.summary = cuda_part(live.cuda);
  if (auto n = nvml_part(live.nvml); !n.empty()) s.summary += "; " + n;
  for (const auto& d : live.cuda.devices)
    s.details.push_back(fmt::format("CUDA {}: {} {} cc {}.{} {} SMs {} MHz {} ({} free) context {}", d.ordinal, d.name,
                                    d.pci_bus_id, d.cc_major, d.cc_minor, d.sm_count, d.clock_khz / 1000,
                                    gib(d.total_mem_bytes), gib(d.free_mem_bytes),
                                    d.context_result == 0 ? "ok" : std::to_string(d.context_result)));
  for (const auto& g : live.nvml.gpus)
    s.details.push_back(fmt::format("NVML {}: {} {} memory {}/{} util {}% {} C {} W PCIe Gen{} x{} (max Gen{} x{}) "
                                    "{} process(es)",
                                    g.index, g.name, g.pci_bus_id, gib(g.memory_used), gib(g.memory_total),
                                    g.utilization_gpu, g.temperature_c, g.power_mw / 1000, g.pcie_gen, g.pcie_width,
                                    g.pcie_gen_max, g.pcie_width_max, g.processes.size()));
  for (const auto* r : {&live.cuda.run, &live.nvml.run})
    if (!r->stderr_tail.empty()) s.details.push_back("child output: " + r->stderr_tail);
  return s;
}

}  // namespace gpudoctor::live
