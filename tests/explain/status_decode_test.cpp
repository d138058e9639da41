// Every status code of the six tables decodes in every spelling users paste: its name, its
// number typed (CUresult(100)), its error-string text, a glog CHECK pair ((0 vs. N)) and a
// bare number with the library named ("cuDNN error 4"); older numberings too. Then whole log
// lines in each spelling give the right finding.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "explain/status_codes.hpp"
#include "explain_test_util.hpp"

using namespace gpudoctor::explain;
using namespace gpudoctor::explain::testing;

namespace {

const StatusCodes& codes() { return the_mkb().status_codes(); }

std::string decoded(std::string_view s) {
  const StatusCode* c = codes().decode(s);
  return c ? c->name : "(none)";
}

// The word a user writes next to a bare number of this family.
std::string family_word(StatusFamily f) {
  switch (f) {
    case StatusFamily::curesult: return "cuInit";
    case StatusFamily::cudart: return "CUDA runtime";
    case StatusFamily::nvml: return "NVML";
    case StatusFamily::cudnn: return "cuDNN";
    case StatusFamily::cublas: return "cuBLAS";
    case StatusFamily::nccl: return "NCCL";
  }
  return "";
}

bool is_success(const StatusCode& c) { return c.code == "0"; }

}  // namespace

TEST(StatusDecode, TablesHoldAllSixFamiliesCompletely) {
  std::map<StatusFamily, int> n;
  for (const auto& c : codes().all()) ++n[c.family];
  EXPECT_GE(n[StatusFamily::curesult], 95);
  EXPECT_GE(n[StatusFamily::cudart], 120);
  EXPECT_GE(n[StatusFamily::nvml], 30);
  EXPECT_GE(n[StatusFamily::cudnn], 40);
  EXPECT_GE(n[StatusFamily::cublas], 10);
  EXPECT_GE(n[StatusFamily::nccl], 8);
}

TEST(StatusDecode, EveryCodeByNameTypedNumberCheckPairAndBareNumber) {
  for (const auto& c : codes().all()) {
    if (is_success(c)) continue;
    SCOPED_TRACE(c.name);
    EXPECT_EQ(decoded(c.name), c.name);
    EXPECT_EQ(decoded("RuntimeError: " + c.name + ": something failed"), c.name);
    std::string number = c.code.empty() ? c.old_code : c.code;
    // The number with its type, as a CHECK pair, and bare next to the library's name: these
    // name the number's canonical code (a deprecated alias shares its number).
    auto same_number = [&](const std::string& s) {
      const StatusCode* d = codes().decode(s);
      ASSERT_NE(d, nullptr) << s;
      EXPECT_EQ(d->family, c.family) << s;
      EXPECT_TRUE(d->code == number || (d->code.empty() && d->old_code == number) || d->old_code == number) << s << " -> " << d->name;
    };
    same_number(std::string(family_name(c.family)) + "(" + number + ")");
    if (c.family != StatusFamily::cudart && c.family != StatusFamily::curesult)
      same_number("Check failed: " + family_word(c.family) + "Status == SUCCESS (" + number + " vs. 0)");
    same_number(family_word(c.family) + " error " + number);
  }
}

TEST(StatusDecode, EveryErrorStringTextDecodesToItsCode) {
  for (const auto& c : codes().all()) {
    if (is_success(c) || c.text.empty() || c.text == c.name) continue;
    std::string first = c.text.substr(0, c.text.find(" | "));
    SCOPED_TRACE(c.name + ": " + first);
    const StatusCode* d = codes().decode("error: " + first);
    ASSERT_NE(d, nullptr);
    // Driver and runtime share their texts: either one of the pair is right.
    EXPECT_NE(d->text.find(first), std::string::npos) << d->name;
  }
}

TEST(StatusDecode, TheSpellingsOfTheIssue) {
  EXPECT_EQ(decoded("CUDA_ERROR_NO_DEVICE"), "CUDA_ERROR_NO_DEVICE");
  EXPECT_EQ(decoded("cuInit: CUresult(100)"), "CUDA_ERROR_NO_DEVICE");
  EXPECT_EQ(decoded("<CUresult.CUDA_ERROR_NO_DEVICE: 100>"), "CUDA_ERROR_NO_DEVICE");
  EXPECT_EQ(decoded("Check failed: cudaSuccess == cudaStatus (0 vs. 216)"), "cudaErrorDeviceAlreadyInUse");
  EXPECT_EQ(decoded("Check failed: error == cudaSuccess (30 vs. 0) unknown error"), "cudaErrorUnknown");
  EXPECT_EQ(decoded("cudaErrorInsufficientDriver"), "cudaErrorInsufficientDriver");
  EXPECT_EQ(decoded("error 35"), "cudaErrorInsufficientDriver");
  EXPECT_EQ(decoded("CUDA error: no CUDA-capable device is detected"), "cudaErrorNoDevice");
  EXPECT_EQ(decoded("cuda runtime error (38) : no CUDA-capable device is detected"), "cudaErrorNoDevice");
  EXPECT_EQ(decoded("cudaGetDeviceCount returned 38"), "cudaErrorNoDevice");  // CUDA <= 10.0 numbering
  EXPECT_EQ(decoded("all CUDA-capable devices are busy or unavailable"), "cudaErrorDevicesUnavailable");
  EXPECT_EQ(decoded("NVML_ERROR_DRIVER_NOT_LOADED"), "NVML_ERROR_DRIVER_NOT_LOADED");
  EXPECT_EQ(decoded("pynvml.nvml.NVMLError_LibRmVersionMismatch"), "NVML_ERROR_LIB_RM_VERSION_MISMATCH");
  EXPECT_EQ(decoded("nvmlInit failed: nvmlReturn_t(9)"), "NVML_ERROR_DRIVER_NOT_LOADED");
  EXPECT_EQ(decoded("CUDNN_STATUS_NOT_INITIALIZED"), "CUDNN_STATUS_NOT_INITIALIZED");
  EXPECT_EQ(decoded("cuDNN error 4"), "CUDNN_STATUS_INTERNAL_ERROR");  // cuDNN 8 numbering
  EXPECT_EQ(decoded("cudnnStatus_t = 4000"), "CUDNN_STATUS_INTERNAL_ERROR");
  EXPECT_EQ(decoded("CUBLAS_STATUS_ALLOC_FAILED"), "CUBLAS_STATUS_ALLOC_FAILED");
  EXPECT_EQ(decoded("ncclResult_t 2"), "ncclSystemError");
  EXPECT_EQ(decoded("NCCL error in: ProcessGroupNCCL.cpp:1269, unhandled system error, NCCL version 2.14.3"),
            "ncclSystemError");
  // A stub's placeholder name is not the runtime's "unknown error".
  EXPECT_EQ(decoded("UNKNOWN ERROR (303)"), "cudaErrorSharedObjectInitFailed");
  EXPECT_EQ(decoded("nothing about CUDA here"), "(none)");
  EXPECT_EQ(decoded("Check failed: dims == 4 (3 vs. 4)"), "(none)");
}

namespace {

struct LineCase {
  const char* line;
  const char* code;
  const char* cause;  // "" = the code's
};

}  // namespace

TEST(StatusDecode, WholeLinesInEachSpellingGiveTheirFinding) {
  const LineCase cases[] = {
      {"RuntimeError: cuInit failed: CUresult(100)", "X808", ""},
      {"F0101 12:00:00.000000  4242 gpu_init.cc:77] Check failed: cudaSuccess == cudaStatus (0 vs. 216)", "X822", ""},
      {"CUDA error 35 at /src/gpu/device.cu:41", "X809", ""},
      {"cudaGetDeviceCount returned 35", "X809", ""},
      {"cuInit failed with error 999", "X807", ""},
      {"nvmlInit_v2 returned NVML_ERROR_DRIVER_NOT_LOADED", "X818", ""},
      {"pynvml.nvml.NVMLError_LibRmVersionMismatch: RM has detected an NVML/RM version mismatch.", "X817", ""},
      {"RuntimeError: CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling `cublasCreate(handle)`", "X816", ""},
      {"torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1691, "
       "unhandled system error (run with NCCL_DEBUG=INFO for details), NCCL version 2.19.3",
       "X860", ""},
      {"NCCL call failed: ncclSystemError", "X860", ""},
      {"E tensorflow/stream_executor/cuda/cuda_dnn.cc:329] Could not create cudnn handle: CUDNN_STATUS_NOT_INITIALIZED",
       "X804", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.line);
    auto r = explain_text(c.line, the_mkb());
    const auto* f = find_code(r, c.code);
    ASSERT_NE(f, nullptr) << (r.findings.empty() ? "no finding" : r.findings[0].code);
    if (*c.cause) {
      EXPECT_EQ(f->cause, c.cause);
    }
  }
  // A decoded status that is a program bug, not a setup problem, is not a finding.
  EXPECT_TRUE(explain_text("cuLaunchKernel returned CUresult(700)", the_mkb()).findings.empty());
}
