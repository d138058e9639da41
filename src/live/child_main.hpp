#pragma once
// The hidden `gpudoctor __live-child PART` entry point: the process that talks to the
// driver, so that a hang or a crash in libcuda/NVML costs the child, not the report.
#include <string>

#include "live/selftest.hpp"

namespace gpudoctor::live {

inline constexpr const char* kChildCommand = "__live-child";
inline constexpr const char* kLibcuda = "libcuda.so.1";
inline constexpr const char* kLibnvml = "libnvidia-ml.so.1";

struct ChildArgs {
  std::string part;            // "cuda", "nvml" or "selftest"
  SelftestOptions selftest;
};

// Writes the protocol (child_protocol.hpp) on fd 3, or on stdout when fd 3 is not open
// (run by hand). Returns the exit code: 0, or 2 for an unknown part.
int run_live_child(const ChildArgs& args);

}  // namespace gpudoctor::live
