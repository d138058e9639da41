// Finding codes of the core areas, in code order. A code is never reused or renumbered.
#include "rules/core_rules.hpp"
#include "rules/registry.hpp"

namespace gpudoctor::rules {

using findings::Severity;

std::span<const Rule> core_rules() {
  static const Rule kRules[] = {
      {{"H101", "no_gpu_hardware", "no_gpu_hardware", "hardware", Severity::error,
        "No NVIDIA GPU is on this machine's PCI bus"},
       check_no_gpu_hardware},
  };
  return kRules;
}

}  // namespace gpudoctor::rules
