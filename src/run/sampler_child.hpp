#pragma once
// The hidden `gpudoctor __run-sampler PID INTERVAL_MS T0_NS` process: loads NVML (so a
// hang or crash inside the driver costs this child, not the user's command or its
// report) and every interval writes one JSON line on fd 3 (stdout when fd 3 is closed):
//   {"info": SamplerInfo}   once, first: could NVML be used, which GPUs
//   {"sample": Sample}      per interval while the command's root process lives
//   {"done": true}
#include <string>

namespace gpudoctor::run {

inline constexpr const char* kSamplerCommand = "__run-sampler";

struct SamplerArgs {
  unsigned pid = 0;            // the command's root process
  int interval_ms = 100;
  long long t0_ns = 0;         // CLOCK_MONOTONIC when the command started
  std::string library = "libnvidia-ml.so.1";
  std::string proc_root = "/proc";
};

// Returns the exit code (0; 2 for bad arguments).
int run_sampler_child(const SamplerArgs& args);

}  // namespace gpudoctor::run
