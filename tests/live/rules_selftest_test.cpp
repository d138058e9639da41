// S951-S957 on hand-made selftest facts.
#include <gtest/gtest.h>

#include "live_test_util.hpp"

using namespace gpudoctor;
using gpudoctor::live::testkit::live_ok_facts;
using gpudoctor::live::testkit::run_rule;

namespace {

// A healthy H100 SXM5 run; tests spoil one figure each.
facts::Facts healthy() {
  auto f = live_ok_facts(1);
  facts::PciGpu p;
  p.bdf = "0000:10:00.0";
  p.device_id = "2330";
  f.pci.gpus.push_back(p);
  f.live.selftest.ran = true;
  facts::SelftestDevice s;
  s.ordinal = 0;
  s.name = "NVIDIA H100 80GB HBM3";
  s.pci_bus_id = "0000:10:00.0";
  s.values_checked = 1000000;
  s.memtest_bytes = 1ull << 30;
  s.copy_kernel_gbs = 2900;
  s.memcpy_dtod_gbs = 2800;
  s.h2d_gbs = 52;
  s.d2h_gbs = 50;
  s.link_gen_under_load = 5;
  s.link_width_under_load = 16;
  s.link_gen_max = 5;
  s.link_width_max = 16;
  s.fp32_tflops = 60;
  s.fp32_clock_khz = 1980000;
  s.gemm_tflops = 700;
  f.live.selftest.devices.push_back(s);
  return f;
}

facts::SelftestDevice& dev(facts::Facts& f) { return f.live.selftest.devices[0]; }

}  // namespace

TEST(LiveRuleS951, FiresOnAWrongValue) {
  auto f = healthy();
  dev(f).values_wrong = 1;
  dev(f).first_wrong = "gd_fma_chain[12345]: got 0x3fc00001, want 0x3fc00000";
  auto out = run_rule("S951", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].message.find("gd_fma_chain[12345]"), std::string::npos);
  EXPECT_EQ(out[0].severity, findings::Severity::error);
}

TEST(LiveRuleS951, QuietWhenEverythingMatches) { EXPECT_TRUE(run_rule("S951", healthy()).empty()); }

TEST(LiveRuleS952, FiresOnMemoryErrors) {
  auto f = healthy();
  dev(f).memtest_errors = 4;
  dev(f).memtest_first_bad = 123456;
  auto out = run_rule("S952", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].message.find("4 wrong words, first at word 123456"), std::string::npos);
}

TEST(LiveRuleS952, QuietWithoutErrors) { EXPECT_TRUE(run_rule("S952", healthy()).empty()); }

TEST(LiveRuleS953, FiresOnSlowDeviceMemory) {
  auto f = healthy();
  dev(f).copy_kernel_gbs = 900;
  auto out = run_rule("S953", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].message.find("D2D copy kernel 900.0 GB/s of 3350.0 GB/s expected (27%)"), std::string::npos)
      << out[0].message;
}

TEST(LiveRuleS953, QuietAtNormalBandwidth) { EXPECT_TRUE(run_rule("S953", healthy()).empty()); }

TEST(LiveRuleS954, FiresOnAGen1Link) {
  auto f = healthy();
  dev(f).h2d_gbs = 3.1;
  dev(f).link_gen_under_load = 1;
  auto out = run_rule("S954", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].message.find("H2D pinned 3.10 GB/s"), std::string::npos) << out[0].message;
  EXPECT_NE(out[0].message.find("the link runs at Gen1 x16"), std::string::npos);
}

TEST(LiveRuleS954, QuietOnAFullLink) { EXPECT_TRUE(run_rule("S954", healthy()).empty()); }

TEST(LiveRuleS955, FiresOnLowFp32) {
  auto f = healthy();
  dev(f).fp32_tflops = 20;
  EXPECT_EQ(run_rule("S955", f).size(), 1u);
}

TEST(LiveRuleS955, QuietNearPeak) { EXPECT_TRUE(run_rule("S955", healthy()).empty()); }

TEST(LiveRuleS956, FiresOnASlowGemm) {
  auto f = healthy();
  dev(f).gemm_tflops = 100;
  EXPECT_EQ(run_rule("S956", f).size(), 1u);
}

TEST(LiveRuleS956, QuietNearPeakOrWithoutAFigure) {
  EXPECT_TRUE(run_rule("S956", healthy()).empty());
  auto f = healthy();
  f.pci.gpus.clear();  // no datasheet figure: measured, not judged
  dev(f).gemm_tflops = 1;
  EXPECT_TRUE(run_rule("S956", f).empty());
}

TEST(LiveRuleS957, FiresOnAFailedCudaStep) {
  auto f = healthy();
  dev(f).errors.push_back({"cuModuleLoadData", 222, "", 0});
  auto out = run_rule("S957", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message, "GPU 0 (NVIDIA H100 80GB HBM3): selftest step cuModuleLoadData failed: 222 "
                            "CUDA_ERROR_UNSUPPORTED_PTX_VERSION");
}

TEST(LiveRuleS957, QuietForCublasLtTroubleOnly) {
  auto f = healthy();
  dev(f).errors.push_back({"cublasLtMatmul", 15, "", 0});
  EXPECT_TRUE(run_rule("S957", f).empty());
  EXPECT_TRUE(run_rule("S957", healthy()).empty());
}

// Facts without a selftest (a plain `gpudoctor` run) never fire S rules.
TEST(LiveRuleS957, QuietWithoutASelftest) {
  auto f = healthy();
  f.live.selftest.ran = false;
  dev(f).values_wrong = 3;
  EXPECT_TRUE(run_rule("S951", f).empty());
}
