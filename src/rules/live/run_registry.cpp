// Finding codes of `gpudoctor run` (R96x), in code order. They are judged by
// src/run/run_judge.cpp over the samples of one command's run (RunFacts), not by a rule
// over the machine's facts, so fn is nullptr. A code is never reused or renumbered.
#include "rules/registry.hpp"

namespace gpudoctor::rules {

using findings::Severity;

std::span<const Rule> run_rules() {
  static const Rule kRules[] = {
      {{"R960", "run_no_gpu_context", "unknown", "run", Severity::error,
        "The command ran without any of its processes creating a GPU context"},
       nullptr},
      {{"R961", "run_gpu_starved", "gpu_degraded", "run", Severity::warning,
        "The GPU sat idle while the command kept the CPU busy: the input pipeline starves it"},
       nullptr},
      {{"R962", "run_attribution_uncertain", "unknown", "run", Severity::info,
        "NVML's process ids match none of the command's (another PID namespace): GPU use was matched by timing"},
       nullptr},
      {{"R963", "run_no_gpu_samples", "driver_not_installed", "run", Severity::info,
        "No GPU could be watched while the command ran: NVML could not be loaded or used"},
       nullptr},
  };
  return kRules;
}

}  // namespace gpudoctor::rules
