#pragma once
// One line for people about the live probe, before any judgement, in the shape of
// render/area_summary.hpp's AreaLine (area "live"): which libcuda and NVML were loaded,
// what cuInit said, how many GPUs each sees; --verbose details per GPU.
#include <string>
#include <vector>

#include "facts/live_facts.hpp"

namespace gpudoctor::live {

struct LiveSummary {
  std::string area = "live";
  std::string title = "Driver (asked live)";
  std::string summary;
  std::vector<std::string> details;
};

LiveSummary summarize_live(const facts::LiveFacts& live);

}  // namespace gpudoctor::live
