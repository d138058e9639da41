#include "live/cublaslt_gemm.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <memory>

#include "live/selftest_math.hpp"

namespace gpudoctor::live {
namespace {

using cublasStatus = int;
using LtHandle = struct cublasLtContext*;
using LtDesc = struct cublasLtMatmulDescOpaque_t*;
using LtLayout = struct cublasLtMatrixLayoutOpaque_t*;

constexpr int kComputeType32F = 68;  // CUBLAS_COMPUTE_32F
constexpr int kDataR32F = 0;         // CUDA_R_32F
constexpr int kDataR16BF = 14;       // CUDA_R_16BF
constexpr size_t kWorkspaceBytes = 32u << 20;

struct LtApi {
  DynamicLibrary lib;
  cublasStatus (*create)(LtHandle*) = nullptr;
  cublasStatus (*destroy)(LtHandle) = nullptr;
  cublasStatus (*desc_create)(LtDesc*, int, int) = nullptr;
  cublasStatus (*desc_destroy)(LtDesc) = nullptr;
  cublasStatus (*layout_create)(LtLayout*, int, uint64_t, uint64_t, int64_t) = nullptr;
  cublasStatus (*layout_destroy)(LtLayout) = nullptr;
  cublasStatus (*matmul)(LtHandle, LtDesc, const void*, const void*, LtLayout, const void*, LtLayout, const void*,
                         const void*, LtLayout, void*, LtLayout, const void*, void*, size_t, CUstream) = nullptr;
  bool load(const std::string& name) {
    if (!lib.open(name)) return false;
    lib.bind(create, {"cublasLtCreate"});
    lib.bind(destroy, {"cublasLtDestroy"});
    lib.bind(desc_create, {"cublasLtMatmulDescCreate"});
    lib.bind(desc_destroy, {"cublasLtMatmulDescDestroy"});
    lib.bind(layout_create, {"cublasLtMatrixLayoutCreate"});
    lib.bind(layout_destroy, {"cublasLtMatrixLayoutDestroy"});
    lib.bind(matmul, {"cublasLtMatmul"});
    return create && destroy && desc_create && desc_destroy && layout_create && layout_destroy && matmul;
  }
};

void* dev_ptr(CUdeviceptr p) { return reinterpret_cast<void*>(static_cast<uintptr_t>(p)); }

struct DeviceMem {
  CudaApi& api;
  CUdeviceptr p = 0;
  explicit DeviceMem(CudaApi& a) : api(a) {}
  ~DeviceMem() {
    if (p && api.cuMemFree) api.cuMemFree(p);
  }
};

}  // namespace

std::vector<std::string> cublaslt_candidates(const std::string& choice, int driver_version) {
  if (choice == "none") return {};
  if (!choice.empty()) return {choice};
  std::vector<std::string> out;
  int driver_major = driver_version / 1000;
  for (int major : {13, 12, 11})
    if (driver_version <= 0 || major <= driver_major) out.push_back(fmt::format("libcublasLt.so.{}", major));
  return out;
}

GemmResult run_cublaslt_gemm(CudaApi& api, const std::vector<std::string>& candidates, int size, double seconds,
                             const std::function<double(const std::function<bool()>&)>& elapsed) {
  GemmResult res;
  if (candidates.empty()) {
    res.skipped = "cuBLASLt not wanted (--cublaslt none)";
    return res;
  }
  std::unique_ptr<LtApi> lt;
  std::string tried;
  for (const auto& c : candidates) {
    auto t = std::make_unique<LtApi>();
    if (t->load(c)) {
      lt = std::move(t);
      break;
    }
    tried += (tried.empty() ? "" : "; ") + c + ": " + (t->lib.loaded() ? "missing symbols" : t->lib.info().error);
  }
  if (!lt) {
    res.skipped = "no usable libcublasLt (" + tried + ")";
    return res;
  }
  res.library = lt->lib.info().real_path.empty() ? lt->lib.info().path : lt->lib.info().real_path;
  // Records a failed step; true when `code` is success.
  auto step = [&](const char* what, int code) {
    if (code != 0) res.errors.push_back({what, code, "", -1});
    return code == 0;
  };

  const uint64_t n = static_cast<uint64_t>(size);
  // Column-major, leading dimension n: A(row, col) at a[row + col * n], the same for B.
  std::vector<uint16_t> a(n * n), b(n * n);
  for (uint64_t col = 0; col < n; ++col)
    for (uint64_t row = 0; row < n; ++row) {
      a[row + col * n] = bf16_bits(selftest_gemm_a(row, col, n));
      b[row + col * n] = bf16_bits(selftest_gemm_b(row, col, n));
    }
  DeviceMem da(api), db(api), dd(api), ws(api);
  const size_t in_bytes = n * n * sizeof(uint16_t), out_bytes = n * n * sizeof(float);
  if (!step("cuMemAlloc_v2", api.cuMemAlloc(&da.p, in_bytes)) || !step("cuMemAlloc_v2", api.cuMemAlloc(&db.p, in_bytes)) ||
      !step("cuMemAlloc_v2", api.cuMemAlloc(&dd.p, out_bytes)) ||
      !step("cuMemAlloc_v2", api.cuMemAlloc(&ws.p, kWorkspaceBytes)) ||
      !step("cuMemcpyHtoD_v2", api.cuMemcpyHtoD(da.p, a.data(), in_bytes)) ||
      !step("cuMemcpyHtoD_v2", api.cuMemcpyHtoD(db.p, b.data(), in_bytes)))
    return res;

  LtHandle h = nullptr;
  if (!step("cublasLtCreate", lt->create(&h))) return res;
  LtDesc desc = nullptr;
  LtLayout la = nullptr, lb = nullptr, ld = nullptr;
  const int64_t lead = static_cast<int64_t>(n);
  bool ok = step("cublasLtMatmulDescCreate", lt->desc_create(&desc, kComputeType32F, kDataR32F)) &&
            step("cublasLtMatrixLayoutCreate", lt->layout_create(&la, kDataR16BF, n, n, lead)) &&
            step("cublasLtMatrixLayoutCreate", lt->layout_create(&lb, kDataR16BF, n, n, lead)) &&
            step("cublasLtMatrixLayoutCreate", lt->layout_create(&ld, kDataR32F, n, n, lead));
  const float alpha = 1.0f, beta = 0.0f;
  int status = 0;
  auto once = [&] {
    status = lt->matmul(h, desc, &alpha, dev_ptr(da.p), la, dev_ptr(db.p), lb, &beta, dev_ptr(dd.p), ld,
                        dev_ptr(dd.p), ld, nullptr, dev_ptr(ws.p), kWorkspaceBytes, nullptr);
    return status == 0;
  };
  if (ok) {
    // The first call picks the algorithm; the second estimates the time of one.
    double t1 = elapsed(once);
    if (status == 0) t1 = elapsed(once);
    if (step("cublasLtMatmul", status)) {
      int reps = static_cast<int>(std::clamp(seconds / std::max(t1, 1e-6), 1.0, 10000.0));
      double t = elapsed([&] {
        for (int i = 0; i < reps; ++i)
          if (!once()) return false;
        return true;
      });
      if (step("cublasLtMatmul", status) && t > 0)
        res.tflops = 2.0 * static_cast<double>(n * n * n) * reps / t / 1e12;
    }
  }
  if (ld) lt->layout_destroy(ld);
  if (lb) lt->layout_destroy(lb);
  if (la) lt->layout_destroy(la);
  if (desc) lt->desc_destroy(desc);
  lt->destroy(h);
  if (res.tflops < 0) return res;

  // Every partial sum is an integer of at most K in magnitude: exact in FP32 in any order.
  std::vector<float> d(n * n);
  if (!step("cuMemcpyDtoH_v2", api.cuMemcpyDtoH(d.data(), dd.p, out_bytes))) return res;
  for (uint32_t s = 0; s < 256; ++s) {
    uint64_t m = selftest_mix(s, 1) % n, col = selftest_mix(s, 2) % n;
    long long sum = 0;
    for (uint64_t k = 0; k < n; ++k) sum += selftest_gemm_a(m, k, n) * selftest_gemm_b(k, col, n);
    float want = static_cast<float>(sum), got = d[m + col * n];
    ++res.checked;
    if (float_bits(got) != float_bits(want)) {
      if (res.wrong++ == 0)
        res.first_wrong = fmt::format("GEMM D[{},{}]: got 0x{:08x}, want 0x{:08x}", m, col, float_bits(got),
                                      float_bits(want));
    }
  }
  return res;
}

}  // namespace gpudoctor::live
