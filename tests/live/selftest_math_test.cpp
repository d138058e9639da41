// The host references the GPU's answers are compared with.
#include "live/selftest_math.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace gpudoctor::live;

TEST(LiveSelftestMath, MixIsTheLowbias32Finalizer) {
  // Recorded from an independent Python implementation of lowbias32 (x ^ seed first):
  //   x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16
  EXPECT_EQ(selftest_mix(0, 0), 0u);
  EXPECT_EQ(selftest_mix(1, 0), 0x688990c0u);
  EXPECT_EQ(selftest_mix(0, 0x5EED1234u), 0x6bbb11b0u);
  EXPECT_EQ(selftest_mix(0, 0x5EED1234u), selftest_mix(0x5EED1234u, 0));
  // The high half of the index takes part (buffers beyond 16 GiB of words).
  EXPECT_NE(selftest_mix(1ull << 32, 7), selftest_mix(0, 7));
}

TEST(LiveSelftestMath, PatternsAreNotZeros) {
  int zeros = 0;
  std::set<uint32_t> distinct;
  for (uint64_t i = 0; i < 4096; ++i) {
    uint32_t v = selftest_mix(i, 0x3E3E5A5Au);
    zeros += v == 0;
    distinct.insert(v);
  }
  EXPECT_EQ(zeros, 0);
  EXPECT_GT(distinct.size(), 4000u);
}

TEST(LiveSelftestMath, FmaChainIsDeterministicAndNontrivial) {
  float a = selftest_fma_chain(5, 48), b = selftest_fma_chain(5 + 1024, 48);
  EXPECT_EQ(float_bits(a), float_bits(b));  // depends on i & 1023 only
  EXPECT_NE(float_bits(selftest_fma_chain(5, 48)), float_bits(selftest_fma_chain(6, 48)));
  EXPECT_GT(a, 1.0f);
  EXPECT_LT(a, 2.0f);
}

TEST(LiveSelftestMath, FmaPeakDependsOnTheThreadClass) {
  float x = selftest_fma_peak(3, 1000, 0.999999f, 0.000001f);
  EXPECT_EQ(float_bits(x), float_bits(selftest_fma_peak(3 + 256, 1000, 0.999999f, 0.000001f)));
  EXPECT_NE(float_bits(x), float_bits(selftest_fma_peak(4, 1000, 0.999999f, 0.000001f)));
  EXPECT_GT(x, 8.0f);  // eight chains creeping from 1..9 towards 1
}

TEST(LiveSelftestMath, GemmInputsAreSmallIntegersOfEverySign) {
  std::set<int> seen;
  for (uint64_t m = 0; m < 64; ++m)
    for (uint64_t k = 0; k < 64; ++k) {
      seen.insert(selftest_gemm_a(m, k, 64));
      seen.insert(selftest_gemm_b(m, k, 64));
    }
  EXPECT_EQ(seen, (std::set<int>{-1, 0, 1}));
}

TEST(LiveSelftestMath, Bf16OfSmallIntegersIsExact) {
  EXPECT_EQ(bf16_bits(0), 0x0000u);
  EXPECT_EQ(bf16_bits(1), 0x3F80u);
  EXPECT_EQ(bf16_bits(-1), 0xBF80u);
  EXPECT_EQ(bf16_bits(2), 0x4000u);
  EXPECT_EQ(float_bits(1.0f), 0x3F800000u);
}
