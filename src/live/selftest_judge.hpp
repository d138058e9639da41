#pragma once
// Turns what selftest measured into "measured / expected, verdict" rows. Pure: facts and
// the knowledge base in, rows out, so `--facts` gives the same table and the S rules and
// the renderer share one judgement.
#include <string>
#include <vector>

#include "facts/facts.hpp"
#include "kb/kb.hpp"

namespace gpudoctor::live {

struct SelftestRow {
  int ordinal = -1;
  std::string key;       // "correctness", "memtest", "copy_kernel", "memcpy_dtod", "h2d", "d2h", "fp32", "gemm"
  std::string test;      // "D2D copy kernel"
  double measured = -1;  // in `unit`; < 0: not measured
  double expected = -1;  // < 0: no expectation known
  std::string unit;      // "GB/s", "TFLOPS", "values", "GiB"
  std::string basis;     // how `expected` was derived
  std::string verdict;   // "ok", "slow", "fail", "skipped", "measured" (no expectation)
  std::string note;      // the one-line reason and what to check
};

// Thresholds below which a rate is called slow. They are judgement, not datasheet: a
// plain copy kernel usually reaches 80-90% of the DRAM peak, pinned PCIe copies ~80% of
// the encoded link rate, cuBLAS GEMMs 60-80% of the dense tensor peak; half of that
// (a third for the GEMM) leaves room for smaller or consumer parts and still catches a
// GPU that runs at a fraction of itself.
inline constexpr double kSlowMemoryRatio = 0.5;
inline constexpr double kSlowPcieRatio = 0.5;
inline constexpr double kSlowFp32Ratio = 0.5;
inline constexpr double kSlowGemmRatio = 0.33;

std::vector<SelftestRow> judge_selftest(const facts::Facts& f, const kb::Kb& kb);

// FP32 lanes per SM (results of a 32-bit FMA per clock), by compute capability: the
// "32-bit floating-point add, multiply, multiply-add" row of the CUDA C++ Programming
// Guide's arithmetic-throughput table, as NVIDIA/cuda-samples helper_cuda.h
// _ConvertSMVer2Cores encodes it. 0 when unknown.
int fp32_lanes_per_sm(int cc_major, int cc_minor);

}  // namespace gpudoctor::live
