#pragma once
// The selftest kernels as PTX text, embedded in the binary: kernels/selftest.cu compiled
// by kernels/generate.sh (nvcc -ptx, target compute_75, PTX ISA lowered to 7.0 so that
// drivers from CUDA 11.0 on can JIT it) and checked in as selftest_ptx.inc.
#include <string_view>

namespace gpudoctor::live {

inline constexpr std::string_view kSelftestPtx =
#include "live/selftest_ptx.inc"
    ;

}  // namespace gpudoctor::live
