#pragma once
// The static rules that can judge facts read from a pasted report (explain/context.hpp): those
// whose every input a paste can show (environment variables, the libcuda a loader picks, a
// framework build) and that fire only on a fact that is present, never on one that is absent.
// A paste's facts are partial: running the other rules would read "not in the paste" as "not
// on the machine" (no GPU, no driver) and report what nobody saw.
#include <vector>

#include "facts/facts.hpp"
#include "findings/finding.hpp"
#include "kb/kb.hpp"

namespace gpudoctor::rules {

// E501 visible_devices_hidden, E503 nvidia_visible_devices_none, E507 jax_platforms_cpu,
// L302 libcuda_stub, F701 framework_cpu_only_build, F705 framework_driver_too_old (a driver
// version and a framework's CUDA both from the paste; it returns without a driver version), F717
// tf_native_windows_no_gpu (a TensorFlow >= 2.11 version and Windows paths in the paste).
const std::vector<std::string>& pasted_fact_rules();

std::vector<findings::Finding> judge_pasted_facts(const facts::Facts& facts, const kb::Kb& kb);

}  // namespace gpudoctor::rules
