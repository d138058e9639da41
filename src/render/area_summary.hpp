#pragma once
// One line per area for people: what was found, before any judgement.
#include <string>
#include <vector>

#include "facts/facts.hpp"

namespace gpudoctor::render {

struct AreaLine {
  std::string area;   // matches Finding::area
  std::string title;  // "NVIDIA GPUs on the PCI bus"
  std::string summary;
  std::vector<std::string> details;  // shown with --verbose
};

std::vector<AreaLine> summarize_areas(const facts::Facts& f);

}  // namespace gpudoctor::render
