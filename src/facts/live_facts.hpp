#pragma once
// What libcuda and NVML answered in the live child process.
#include <string>

#include "facts/json_macros.hpp"

namespace gpudoctor::facts {

struct LiveFacts {
  bool ran = false;       // false with --no-live or when facts came from an older file
  std::string outcome;    // "ok", "timeout", "crashed", "skipped"
};
GD_JSON(LiveFacts, ran, outcome)

}  // namespace gpudoctor::facts
