#include "live/selftest_math.hpp"

#include <cmath>
#include <cstring>

namespace gpudoctor::live {

uint32_t selftest_mix(uint64_t i, uint32_t seed) {
  uint32_t x = static_cast<uint32_t>(i) ^ (static_cast<uint32_t>(i >> 32) * 0x9E3779B9u) ^ seed;
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

float selftest_fma_chain(uint64_t i, int iters) {
  float x = 1.0f + static_cast<float>(static_cast<uint32_t>(i) & 1023u) * 0.0009765625f;
  for (int k = 0; k < iters; ++k) x = std::fma(x, 0.999755859375f, 0.000244140625f * static_cast<float>(k & 7));
  return x;
}

float selftest_fma_peak(uint32_t tid, int iters, float a, float b) {
  float base = static_cast<float>(tid & 255u) * 0.00390625f;
  float x[8];
  for (int j = 0; j < 8; ++j) x[j] = base + static_cast<float>(j + 1);
  for (int k = 0; k < iters; ++k)
    for (float& v : x) v = std::fma(v, a, b);
  return ((x[0] + x[1]) + (x[2] + x[3])) + ((x[4] + x[5]) + (x[6] + x[7]));
}

int selftest_gemm_a(uint64_t m, uint64_t k, uint64_t lda_rows) {
  return static_cast<int>(selftest_mix(m + k * lda_rows, 0xA11CEu) % 3u) - 1;
}

int selftest_gemm_b(uint64_t k, uint64_t n, uint64_t ldb_rows) {
  return static_cast<int>(selftest_mix(k + n * ldb_rows, 0xB0Bu) % 3u) - 1;
}

uint32_t float_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

uint16_t bf16_bits(int v) { return static_cast<uint16_t>(float_bits(static_cast<float>(v)) >> 16); }

}  // namespace gpudoctor::live
