#pragma once
// What `gpudoctor run` collected about one command: how it ended, what the NVML sampler
// saw every --interval ms (reduced to running totals and a bounded utilisation series, so
// memory stays flat however long the command runs). The judge (run_judge.hpp) is a pure
// function of this struct, so it is tested on hand-made samples without a GPU.
#include <cstdint>
#include <string>
#include <vector>

#include "facts/json_macros.hpp"
#include "facts/live_facts.hpp"

namespace gpudoctor::run {

// One GPU in one sample, as the sampler child reports it.
struct GpuSample {
  int index = -1;
  int sm_util = -1;                 // nvmlUtilizationRates.gpu, percent; -1 unknown
  int mem_util = -1;                // .memory, percent
  unsigned long long used_bytes = 0;       // the whole device
  unsigned long long ours_bytes = 0;       // processes of the command's tree
  std::vector<unsigned> our_pids;          // tree processes that hold a context here
  unsigned long long uncertain_bytes = 0;  // processes we could only attribute by timing
  std::vector<unsigned> uncertain_pids;
};
GD_JSON(GpuSample, index, sm_util, mem_util, used_bytes, ours_bytes, our_pids, uncertain_bytes, uncertain_pids)

struct Sample {
  double t_s = 0;          // since the command started
  double cpu_cores = -1;   // CPU time of the tree per wall second since the last sample; -1 first sample
  int tree_size = 0;       // processes in the command's tree
  std::vector<GpuSample> gpus;
};
GD_JSON(Sample, t_s, cpu_cores, tree_size, gpus)

// The sampler child's greeting: could it use NVML, and which GPUs there are.
struct SamplerInfo {
  std::string outcome = "not_started";  // "ok", "no_nvml", "nvml_init_failed", "no_devices", "failed", "not_started"
  facts::LoadedLibrary library;
  int init_result = -1;
  std::string init_result_name;
  std::string driver_version;
  int device_count = -1;
  std::vector<std::string> gpu_names;   // by NVML index
  bool nested_pid_namespace = false;    // we run in a PID namespace below another (a container)
  std::string error;                    // why it failed (crash, hang, spawn error)
};
GD_JSON(SamplerInfo, outcome, library, init_result, init_result_name, driver_version, device_count, gpu_names,
        nested_pid_namespace, error)

// Running totals over every sample (run_judge.hpp accumulate()).
struct RunStats {
  uint64_t samples = 0;
  uint64_t context_samples = 0;        // some tree process held a context (by pid)
  uint64_t uncertain_samples = 0;      // only processes attributed by timing held GPU memory
  double first_context_s = -1;
  std::vector<unsigned> context_pids;  // first few, for the report
  std::vector<int> context_gpus;       // NVML indices where a context was seen
  unsigned long long peak_bytes = 0;   // memory of our processes, all GPUs together
  double memory_sum = 0;               // over context samples, for the mean
  uint64_t util_samples = 0;           // context samples with a known utilisation
  double util_sum = 0;
  int util_peak = -1;
  uint64_t cpu_busy_samples = 0;       // context samples where the tree used >= kBusyCores
  uint64_t starved_samples = 0;        // ... and the GPU sat under kIdleUtil
  double last_t_s = 0;
  // SM utilisation of our GPUs over time, at most kSeriesMax points: when full, pairs are
  // averaged and every later point covers twice as many samples (series_stride).
  std::vector<double> series;
  uint64_t series_stride = 1;
  uint64_t series_pending = 0;
  double series_pending_sum = 0;
};
GD_JSON(RunStats, samples, context_samples, uncertain_samples, first_context_s, context_pids, context_gpus, peak_bytes,
        memory_sum, util_samples, util_sum, util_peak, cpu_busy_samples, starved_samples, last_t_s, series,
        series_stride, series_pending, series_pending_sum)

// How the command ended.
struct ExitInfo {
  std::string status;   // "exited", "signaled", "not_found", "not_executable", "spawn_failed"
  int exit_code = -1;   // what gpudoctor run exits with (128+signal when signaled, 127/126)
  int signal = 0;
  std::string error;    // why it could not be started
};
GD_JSON(ExitInfo, status, exit_code, signal, error)

struct RunFacts {
  std::vector<std::string> command;
  ExitInfo exit;
  double wall_s = 0;
  int interval_ms = 100;
  SamplerInfo sampler;
  RunStats stats;
  uint64_t stderr_bytes = 0;   // what the command wrote on stderr (all of it went to ours)
};
GD_JSON(RunFacts, command, exit, wall_s, interval_ms, sampler, stats, stderr_bytes)

}  // namespace gpudoctor::run
