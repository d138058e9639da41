#pragma once
// `gpudoctor selftest`, the part that runs in the child: on each device, kernels with a
// known answer checked bit-exactly, a memory pattern test, device-memory, host<->device,
// FP32 and (with cuBLASLt) BF16 GEMM rates. Judging the rates is selftest_judge's job.
#include <functional>
#include <string>
#include <string_view>

#include "facts/live_facts.hpp"
#include "live/cuda_api.hpp"
#include "live/cuda_probe.hpp"

namespace gpudoctor::live {

struct SelftestOptions {
  double seconds = 6;           // budget for the timed loops, all devices together
  bool quick = false;           // smaller buffers, about 2 s
  int device = -1;              // one ordinal, or all
  std::string cublaslt;         // "" search libcublasLt.so.N, "none" skip the GEMM, or a name/path
  int gemm_size = 0;            // square GEMM size; 0: 4096 (2048 with quick)
  std::string sysfs_root = "/sys";
};

struct SelftestIo {
  StageFn stage;
  std::function<void(std::string_view)> progress;
  std::function<void(const facts::SelftestFacts&)> checkpoint;
};

// Runs after probe_cuda succeeded (cuInit = 0) with the same api.
void run_selftest(CudaApi& api, const facts::CudaFacts& cuda, const SelftestOptions& opt, facts::SelftestFacts& out,
                  const SelftestIo& io);

}  // namespace gpudoctor::live
