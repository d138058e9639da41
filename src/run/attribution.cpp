#include "run/attribution.hpp"

namespace gpudoctor::run {

void attribute(const std::vector<std::vector<GpuProcess>>& procs, const AttributionInput& in,
               std::vector<GpuSample>& gpus) {
  bool any_ours = false;
  for (size_t g = 0; g < procs.size() && g < gpus.size(); ++g)
    for (const auto& p : procs[g])
      if (in.in_tree && in.in_tree(p.pid)) {
        gpus[g].ours_bytes += p.used_bytes;
        gpus[g].our_pids.push_back(p.pid);
        any_ours = true;
      }
  if (any_ours) return;
  for (size_t g = 0; g < procs.size() && g < gpus.size(); ++g)
    for (const auto& p : procs[g]) {
      bool invisible = in.visible && !in.visible(p.pid);
      bool new_since_start = !in.baseline || in.baseline->count(p.pid) == 0;
      if (invisible && new_since_start) {
        gpus[g].uncertain_bytes += p.used_bytes;
        gpus[g].uncertain_pids.push_back(p.pid);
      }
    }
}

}  // namespace gpudoctor::run
