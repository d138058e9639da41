#pragma once
// The parent's side of the NVML sampler: starts `gpudoctor __run-sampler` beside the
// command (live::run_child on its own thread) and folds each sample into RunStats as it
// arrives. A sampler that hangs in NVML is killed after a long silence; one that crashes
// leaves what it sent. Neither touches the command.
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "run/run_facts.hpp"

namespace gpudoctor::run {

struct SamplerOptions {
  std::string exe;                        // gpudoctor itself (live::self_exe())
  int interval_ms = 100;
  std::map<std::string, std::string> env; // added to the sampler's environment (tests)
};

class Sampler {
 public:
  explicit Sampler(SamplerOptions opt) : opt_(std::move(opt)) {}
  ~Sampler();
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  // `t0_ns`: CLOCK_MONOTONIC when the command started.
  void start(pid_t pid, long long t0_ns);
  // After the command was reaped: the sampler notices within ~50 ms and says done; past
  // `grace_s` it is killed. Fills `info` and `stats`.
  void finish(SamplerInfo& info, RunStats& stats, double grace_s = 3);

 private:
  SamplerOptions opt_;
  std::thread thread_;
  std::atomic<bool> cancel_{false};
  SamplerInfo info_;
  RunStats stats_;
  bool started_ = false, got_info_ = false, done_ = false;
  uint64_t bad_lines_ = 0;
  std::string child_error_;
};

// Applies one protocol line (pure, for tests); returns false when it was not understood.
bool apply_sampler_line(std::string_view line, SamplerInfo& info, RunStats& stats, bool& got_info, bool& done);

}  // namespace gpudoctor::run
