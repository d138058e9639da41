#include "live/code_names.hpp"

#include "util/strings.hpp"

namespace gpudoctor::live {

std::string cublas_status_name(int s) {
  switch (s) {
    case 0: return "CUBLAS_STATUS_SUCCESS";
    case 1: return "CUBLAS_STATUS_NOT_INITIALIZED";
    case 3: return "CUBLAS_STATUS_ALLOC_FAILED";
    case 7: return "CUBLAS_STATUS_INVALID_VALUE";
    case 8: return "CUBLAS_STATUS_ARCH_MISMATCH";
    case 11: return "CUBLAS_STATUS_MAPPING_ERROR";
    case 13: return "CUBLAS_STATUS_EXECUTION_FAILED";
    case 14: return "CUBLAS_STATUS_INTERNAL_ERROR";
    case 15: return "CUBLAS_STATUS_NOT_SUPPORTED";
    case 16: return "CUBLAS_STATUS_LICENSE_ERROR";
    default: return "cublasStatus_t " + std::to_string(s);
  }
}

std::string cuda_code_name(const kb::Kb& kb, int code) {
  if (code < 0) return "symbol not found";
  std::string n = kb.curesult_name(code);
  return n.empty() ? "CUresult " + std::to_string(code) : n;
}

std::string nvml_code_name(const kb::Kb& kb, int code) {
  if (code < 0) return "symbol not found";
  std::string n = kb.nvml_return_name(code);
  return n.empty() ? "nvmlReturn_t " + std::to_string(code) : n;
}

void name_codes(facts::LiveFacts& live, const kb::Kb& kb) {
  auto& c = live.cuda;
  if (c.init_result >= 0) c.init_result_name = cuda_code_name(kb, c.init_result);
  for (auto& d : c.devices)
    if (d.context_result >= 0) d.context_result_name = cuda_code_name(kb, d.context_result);
  for (auto& e : c.errors) e.name = cuda_code_name(kb, e.code);
  auto& n = live.nvml;
  if (n.init_result >= 0) n.init_result_name = nvml_code_name(kb, n.init_result);
  for (auto& e : n.errors) e.name = nvml_code_name(kb, e.code);
  for (auto& d : live.selftest.devices)
    for (auto& e : d.errors)
      e.name = util::starts_with(e.call, "cublasLt") ? cublas_status_name(e.code) : cuda_code_name(kb, e.code);
}

}  // namespace gpudoctor::live
