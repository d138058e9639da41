#pragma once
// A BF16 GEMM through cuBLASLt, loaded at run time like libcuda, to compare with the
// tensor-core peak. The API subset and its constants are from the CUDA 13.0 headers
// (cublasLt.h: cublasLtMatmul line 1011, cublasLtMatrixLayoutCreate 1212,
// cublasLtMatmulDescCreate 1623; cublas_api.h: CUBLAS_COMPUTE_32F = 68 line 208;
// library_types.h: CUDA_R_32F = 0 line 63, CUDA_R_16BF = 14 line 61). A NULL algo asks
// cuBLASLt for its own heuristic choice (cuBLASLt docs, cublasLtMatmul "algo" parameter).
#include <functional>
#include <string>
#include <vector>

#include "facts/live_facts.hpp"
#include "live/cuda_api.hpp"

namespace gpudoctor::live {

struct GemmResult {
  double tflops = -1;
  std::string library;   // the libcublasLt loaded
  std::string skipped;   // why it did not run
  unsigned long long checked = 0, wrong = 0;
  std::string first_wrong;
  std::vector<facts::LiveCall> errors;
};

// Which libcublasLt sonames to try for a driver of `driver_version` (12040): the newest
// major the driver can run first. `choice` is "" (search), "none", or a name/path to use.
std::vector<std::string> cublaslt_candidates(const std::string& choice, int driver_version);

// Runs D = A x B with square `size` matrices (A, B bfloat16 from selftest_gemm_a/b, D FP32)
// for about `seconds`, checking sampled elements of D bit-exactly. `elapsed` times a
// callable on the GPU (events), in seconds.
GemmResult run_cublaslt_gemm(CudaApi& api, const std::vector<std::string>& candidates, int size, double seconds,
                             const std::function<double(const std::function<bool()>&)>& elapsed);

}  // namespace gpudoctor::live
