#pragma once
// How a GPU's compute capability is served by the device code compiled into a framework.
#include <string>

#include "facts/framework_facts.hpp"

namespace gpudoctor::rules {

enum class CcCoverage { unknown, sass, ptx_only, none };

struct CcMatch {
  CcCoverage coverage = CcCoverage::unknown;
  int ptx_arch = 0;          // the PTX used for JIT
  std::string source;        // "fatbin of <path>" or "build_info"
};

// SASS for sm_XY runs on compute capability X.y with y >= Y of the same major ("a"
// targets only on X.Y itself); PTX for compute_XY JIT-compiles on any cc >= X.Y.
// Uses the scanned fatbins, else the build's recorded list (TensorFlow's build_info).
CcMatch match_compute_capability(const facts::FrameworkInstall& inst, const std::string& cc);

}  // namespace gpudoctor::rules
