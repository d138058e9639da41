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
  // Nothing of this area is on the machine (no module, no library): with no finding about
  // it, that is shown as neutral rather than as a pass.
  bool absent = false;
};

std::vector<AreaLine> summarize_areas(const facts::Facts& f);

}  // namespace gpudoctor::render
