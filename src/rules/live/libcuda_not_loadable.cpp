// dlopen("libcuda.so.1") fails, so no CUDA program can start.
#include <fmt/format.h>

#include "rules/live/live_rules.hpp"

namespace gpudoctor::rules {

GD_RULE(check_libcuda_not_loadable) {
  const auto& c = ctx.facts.live.cuda;
  if (!ctx.facts.live.ran || c.run.outcome != "ok" || c.library.loaded) return;
  auto x = make_finding(info, "dlopen(\"libcuda.so.1\") failed: " + c.library.error);
  x.subject = "libcuda";
  x.evidence.push_back(live_util::libcuda_evidence(ctx.facts));
  if (auto p = live_util::env(ctx.facts, "LD_LIBRARY_PATH")) x.evidence.push_back({"LD_LIBRARY_PATH", *p});
  x.explanation = "libcuda.so.1 is the CUDA driver's user-space half; it ships with the NVIDIA driver, not with "
                  "the CUDA toolkit or with pip/conda packages. Every framework loads it by this exact name, so "
                  "when the loader cannot find it no CUDA program can use the GPU.";
  x.fix = {"ldconfig -p | grep libcuda.so.1",
           "install the driver's libraries (Debian/Ubuntu: sudo apt install libnvidia-compute-<driver branch>)",
           "in a container: docker run --gpus all ... (the NVIDIA container toolkit mounts libcuda)",
           "on WSL2: ls /usr/lib/wsl/lib/libcuda.so.1 (installed by the Windows driver)"};
  out.push_back(std::move(x));
}

}  // namespace gpudoctor::rules
