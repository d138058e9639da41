#pragma once
#include "facts/facts.hpp"

namespace gpudoctor::live {

// Asks libcuda and NVML in a child process (re-exec of gpudoctor) with a timeout
// and stores what they answered in facts.live.
void run_live_probe(double timeout_s, facts::Facts& facts);

}  // namespace gpudoctor::live
