#pragma once
// The status codes of the CUDA stack (kb/status_*.tsv: CUresult, cudaError_t, nvmlReturn_t,
// cudnnStatus_t, cublasStatus_t, ncclResult_t) and the decoder that reads any spelling users
// paste: a name (`CUDA_ERROR_NO_DEVICE`, `cudaErrorInsufficientDriver`, `ncclSystemError`),
// a typed number (`CUresult(100)`, `<CUresult.CUDA_ERROR_NO_DEVICE: 100>`, `cudaError_t 35`),
// an error-string text ("no CUDA-capable device is detected", "unhandled system error"), a
// glog CHECK_EQ pair (`(0 vs. 216)`) or a bare number ("error 35", "UNKNOWN ERROR (303)").
// Pure data; no I/O.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kb/table.hpp"

namespace gpudoctor::explain {

enum class StatusFamily { curesult, cudart, nvml, cudnn, cublas, nccl };

std::string_view family_name(StatusFamily f);  // "CUresult", "cudaError_t", ...
// The family of a kb/status_<x>.tsv file name; nullopt for other files.
std::optional<StatusFamily> family_of_table(std::string_view table_name);

struct StatusCode {
  StatusFamily family = StatusFamily::cudart;
  std::string name;      // "CUDA_ERROR_NO_DEVICE"
  std::string code;      // "100" in the newest header, "" for a code since removed
  std::string old_code;  // the number in older releases where it differs ("38")
  std::string text;      // "no CUDA-capable device is detected" ("" unknown)
  std::string explain;   // finding code of `gpudoctor explain`, "" = none of its own
  std::string cause;     // overrides the finding code's cause ("" = the code's)
  std::string meaning;
};

class StatusCodes {
 public:
  StatusCodes() = default;
  // Throws std::runtime_error naming the table and row on a malformed table.
  explicit StatusCodes(const std::vector<const kb::Table*>& tables);

  const std::vector<StatusCode>& all() const { return codes_; }
  const StatusCode* by_name(std::string_view name) const;
  // The code with this number in `family` (the newest numbering first, then the old one).
  const StatusCode* by_number(StatusFamily family, long long number) const;

  // Any spelling (see the header comment); name beats typed number beats text beats a CHECK
  // pair beats a bare number. nullptr when nothing in `s` names a status code.
  const StatusCode* decode(std::string_view s) const;

 private:
  std::vector<StatusCode> codes_;
};

}  // namespace gpudoctor::explain
