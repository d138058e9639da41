#pragma once
// Pure judgements over RunFacts: the running totals a sample adds (accumulate) and the
// R96x findings of `gpudoctor run` (judge_run). No I/O, so tests feed hand-made samples.
#include <string>
#include <vector>

#include "findings/finding.hpp"
#include "run/run_facts.hpp"

namespace gpudoctor::run {

// The tree counts as busy on the CPU from half a core; the GPU as idle under 10% SM.
inline constexpr double kBusyCores = 0.5;
inline constexpr int kIdleUtil = 10;
// R961 needs this many samples with a context, and this share of them starved.
inline constexpr uint64_t kStarvedMinSamples = 5;
inline constexpr double kStarvedShare = 0.3;
inline constexpr size_t kSeriesMax = 512;

void accumulate(RunStats& st, const Sample& s);

// Derived numbers for the report.
struct RunSummary {
  bool ever_context = false;       // by pid
  bool uncertain = false;          // only by timing
  std::string attribution;         // "pid", "uncertain" or "none"
  double mean_bytes = 0;
  double util_mean = -1;
  double starved_share = -1;       // of the samples with a context; -1 when none
};
RunSummary summarize(const RunStats& st);

// The R96x findings. When the log names an error, the caller folds R960 under it.
std::vector<findings::Finding> judge_run(const RunFacts& f);

// The command as a shell would read it back ('quoted' where needed), cut to `max` characters.
std::string shell_words(const std::vector<std::string>& argv, size_t max = 80);

// nvmlReturn_t names for the answers nvmlInit gives most (nvml.h); "" for others.
std::string nvml_return_name(int code);

// "exited with code 3", "killed by signal 15 (SIGTERM)", "not found"
std::string describe_exit(const ExitInfo& e);

}  // namespace gpudoctor::run
