#pragma once
// Host-side twins of the selftest kernels (kernels/selftest.cu): the GPU's answers are
// compared with these bit for bit. fma and add of floats are correctly rounded on both
// sides (std::fma; PTX fma.rn.f32 / add.rn.f32), so equal inputs give equal bits.
#include <cstdint>

namespace gpudoctor::live {

// gd_mix: the "lowbias32" integer finalizer over an element index.
uint32_t selftest_mix(uint64_t i, uint32_t seed);
// What gd_fma_chain stores at index i.
float selftest_fma_chain(uint64_t i, int iters);
// What gd_fma_peak stores for thread `tid`.
float selftest_fma_peak(uint32_t tid, int iters, float a, float b);
// The GEMM inputs, -1, 0 or 1 so that every partial sum of a K <= 4096 product is a small
// integer, exact in FP32 whatever order the tensor cores add in.
int selftest_gemm_a(uint64_t m, uint64_t k, uint64_t lda_rows);
int selftest_gemm_b(uint64_t k, uint64_t n, uint64_t ldb_rows);
// bfloat16 bits of a small integer: the top half of the float's bits (exact for |v| < 256).
uint16_t bf16_bits(int v);
uint32_t float_bits(float f);

}  // namespace gpudoctor::live
