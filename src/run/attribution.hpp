#pragma once
// Which GPU processes NVML lists belong to the command. By pid first: a pid of the
// command's tree. In a container NVML may report pids of another PID namespace (older
// drivers report host pids), and then no pid matches; as a fallback, processes that are
// invisible in our /proc and appeared on the GPU after the command started (not in the
// baseline taken at its start) are counted as probably ours, and marked uncertain.
#include <functional>
#include <set>
#include <vector>

#include "run/run_facts.hpp"

namespace gpudoctor::run {

struct GpuProcess {
  unsigned pid = 0;
  unsigned long long used_bytes = 0;
};

struct AttributionInput {
  std::function<bool(unsigned)> in_tree;   // the pid is one of the command's processes
  std::function<bool(unsigned)> visible;   // the pid exists in our PID namespace
  const std::set<unsigned>* baseline = nullptr;  // pids on a GPU before the command could make a context
};

// Fills ours_* and uncertain_* of `gpus` (parallel to `procs`, one list per GPU). The
// timing fallback is used only when no pid matched on any GPU.
void attribute(const std::vector<std::vector<GpuProcess>>& procs, const AttributionInput& in,
               std::vector<GpuSample>& gpus);

}  // namespace gpudoctor::run
