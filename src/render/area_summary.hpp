#pragma once
// One line per area for people: what was found, before any judgement.
#include <string>
#include <vector>

#include "facts/facts.hpp"
#include "kb/env_vars.hpp"

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

// `env_vars` gives each shown variable's reason (the environment area's details).
std::vector<AreaLine> summarize_areas(const facts::Facts& f,
                                      const kb::EnvVarList& env_vars = kb::EnvVarList::embedded());

}  // namespace gpudoctor::render
