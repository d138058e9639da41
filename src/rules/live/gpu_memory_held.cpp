// Most of a GPU's memory is held by other processes.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {
namespace {

constexpr double kHeldShare = 0.5;                       // half the memory in use
constexpr unsigned long long kLowFree = 1ull << 30;      // or under 1 GiB left

}  // namespace

GD_RULE(check_gpu_memory_held) {
  for (const auto& g : ctx.facts.live.nvml.gpus) {
    if (g.memory_total == 0) continue;
    bool held = static_cast<double>(g.memory_used) >= kHeldShare * static_cast<double>(g.memory_total) ||
                g.memory_free < kLowFree;
    if (!held) continue;
    auto procs = g.processes;
    std::sort(procs.begin(), procs.end(), [](const auto& a, const auto& b) { return a.used_bytes > b.used_bytes; });
    std::vector<std::string> who;
    for (const auto& p : procs)
      who.push_back(fmt::format("{} {} ({})", p.pid, live_util::short_command(p.command),
                                p.used_bytes == ~0ull ? "n/a" : live_util::gib(p.used_bytes)));
    std::string by = who.empty() ? "processes not visible from here (another container or PID namespace)"
                                 : fmt::format("{} process{}: {}", who.size(), who.size() == 1 ? "" : "es",
                                               fmt::join(who, ", "));
    auto x = make_finding(info, fmt::format("GPU {} ({}): {} of {} in use, {} free, held by {}", g.index, g.name,
                                            live_util::gib(g.memory_used), live_util::gib(g.memory_total),
                                            live_util::gib(g.memory_free), by));
    x.subject = live_util::gpu_subject(g.pci_bus_id, g.index);
    x.evidence.push_back({"nvmlDeviceGetMemoryInfo", fmt::format("used {} / total {}", g.memory_used, g.memory_total)});
    for (const auto& p : procs)
      x.evidence.push_back({fmt::format("pid {} ({})", p.pid, p.type),
                            fmt::format("{} {}", p.used_bytes == ~0ull ? "n/a" : live_util::gib(p.used_bytes),
                                        p.command)});
    x.explanation = "Memory that other processes hold is not available to a new one: frameworks fail at start-up "
                    "or at the first large allocation with out-of-memory (TensorFlow and JAX also reserve most of "
                    "the memory up front by default).";
    x.fix = {"nvidia-smi --query-compute-apps=pid,process_name,used_memory --format=csv",
             "stop the processes you do not need: kill <pid>",
             "share politely: TF_FORCE_GPU_ALLOW_GROWTH=true, XLA_PYTHON_CLIENT_PREALLOCATE=false"};
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
