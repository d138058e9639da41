// A stand-in libcublasLt for tests/live: cublasLtMatmul over the fake libcuda's "device"
// memory (host memory), for the BF16 x BF16 -> FP32 column-major case the selftest uses.
// Enough to check that the selftest passes layouts, pointers and scalars right.
// D = alpha * A * B + beta * C, with C read only when beta is non-zero: the BLAS
// convention the cuBLAS docs state for gemm ("if beta == 0, C does not have to be a
// valid input"). The selftest passes beta = 0 with C = D over unwritten memory, which
// the fake libcuda fills with NaN bits: reading C there would poison every result.
#include <cstdint>
#include <cstring>

namespace {

struct Layout {
  int type;
  uint64_t rows, cols;
  int64_t ld;
};
struct Desc {
  int compute, scale;
};
int g_handle;

float bf16_to_float(uint16_t b) {
  uint32_t u = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

}  // namespace

extern "C" {

int cublasLtCreate(void** h) {
  *h = &g_handle;
  return 0;
}
int cublasLtDestroy(void*) { return 0; }
int cublasLtMatmulDescCreate(Desc** d, int compute, int scale) {
  *d = new Desc{compute, scale};
  return 0;
}
int cublasLtMatmulDescDestroy(Desc* d) {
  delete d;
  return 0;
}
int cublasLtMatrixLayoutCreate(Layout** l, int type, uint64_t rows, uint64_t cols, int64_t ld) {
  *l = new Layout{type, rows, cols, ld};
  return 0;
}
int cublasLtMatrixLayoutDestroy(Layout* l) {
  delete l;
  return 0;
}
int cublasLtMatmul(void*, Desc* desc, const void* alpha, const void* a, Layout* la, const void* b, Layout* lb,
                   const void* beta, const void* c, Layout* lc, void* d, Layout* ld, const void*, void*, size_t, void*) {
  constexpr int kBf16 = 14, kF32 = 0, kCompute32F = 68;
  if (desc->compute != kCompute32F || la->type != kBf16 || lb->type != kBf16 || ld->type != kF32) return 15;
  if (la->cols != lb->rows || ld->rows != la->rows || ld->cols != lb->cols) return 7;
  if (lc->type != kF32 || lc->rows != ld->rows || lc->cols != ld->cols) return 7;
  float al, be;
  std::memcpy(&al, alpha, sizeof al);
  std::memcpy(&be, beta, sizeof be);
  auto* A = static_cast<const uint16_t*>(a);
  auto* B = static_cast<const uint16_t*>(b);
  auto* C = static_cast<const float*>(c);
  auto* D = static_cast<float*>(d);
  for (uint64_t n = 0; n < ld->cols; ++n)
    for (uint64_t m = 0; m < ld->rows; ++m) {
      float sum = 0;
      for (uint64_t k = 0; k < la->cols; ++k)
        sum += bf16_to_float(A[m + k * static_cast<uint64_t>(la->ld)]) *
               bf16_to_float(B[k + n * static_cast<uint64_t>(lb->ld)]);
      float acc = al * sum;
      if (be != 0.0f) acc += be * C[m + n * static_cast<uint64_t>(lc->ld)];
      D[m + n * static_cast<uint64_t>(ld->ld)] = acc;
    }
  return 0;
}

}  // extern "C"
