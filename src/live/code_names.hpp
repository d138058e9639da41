#pragma once
// Puts gpudoctor's own names next to every code the children recorded: CUresult and
// nvmlReturn_t from the knowledge base (the stub libcuda cannot name its own errors), and
// the cuBLAS status of the GEMM steps.
#include "facts/live_facts.hpp"
#include "kb/kb.hpp"

namespace gpudoctor::live {

void name_codes(facts::LiveFacts& live, const kb::Kb& kb);
// cublasStatus_t names, cublas_api.h of CUDA 13.0 lines 90-99.
std::string cublas_status_name(int status);
// "CUDA_ERROR_NO_DEVICE" or "CUresult 1234" when the table lacks it.
std::string cuda_code_name(const kb::Kb& kb, int code);
std::string nvml_code_name(const kb::Kb& kb, int code);

}  // namespace gpudoctor::live
