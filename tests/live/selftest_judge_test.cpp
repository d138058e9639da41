// Measured / expected / verdict rows from hand-made selftest facts.
#include "live/selftest_judge.hpp"

#include <gtest/gtest.h>

#include "live/pcie_link.hpp"
#include "live_test_util.hpp"

using namespace gpudoctor;
using namespace gpudoctor::live;

namespace {

// An H100 SXM5 (PCI id 2330, in kb/gpus.tsv with 3350 GB/s and 989 dense BF16 TFLOPS)
// measured at healthy rates.
facts::Facts h100(double h2d = 52, int link_gen = 5) {
  auto f = testkit::live_ok_facts(1);
  facts::PciGpu p;
  p.bdf = "0000:10:00.0";
  p.device_id = "2330";
  f.pci.gpus.push_back(p);
  f.live.selftest.ran = true;
  facts::SelftestDevice s;
  s.ordinal = 0;
  s.name = "NVIDIA H100 80GB HBM3";
  s.pci_bus_id = "00000000:10:00.0";
  s.values_checked = 50000000;
  s.memtest_bytes = 40ull << 30;
  s.copy_kernel_gbs = 2900;
  s.memcpy_dtod_gbs = 2700;
  s.h2d_gbs = h2d;
  s.d2h_gbs = h2d;
  s.link_gen_under_load = link_gen;
  s.link_width_under_load = 16;
  s.link_gen_max = 5;
  s.link_width_max = 16;
  s.fp32_tflops = 60;
  s.fp32_clock_khz = 1980000;
  s.gemm_tflops = 700;
  f.live.selftest.devices.push_back(s);
  return f;
}

const SelftestRow& find(const std::vector<SelftestRow>& rows, const std::string& key) {
  for (const auto& r : rows)
    if (r.key == key) return r;
  throw std::runtime_error("no row " + key);
}

}  // namespace

TEST(LiveSelftestJudge, HealthyH100IsOkEverywhere) {
  auto rows = judge_selftest(h100(), kb::Kb::load());
  ASSERT_EQ(rows.size(), 8u);
  for (const auto& r : rows) EXPECT_EQ(r.verdict, "ok") << r.key << " " << r.note;
  const auto& mem = find(rows, "copy_kernel");
  EXPECT_NEAR(mem.expected, 3350, 1);
  EXPECT_NE(mem.basis.find("datasheet"), std::string::npos);
  const auto& fp32 = find(rows, "fp32");
  // 132 SMs x 128 FP32 lanes x 1.98 GHz x 2 = 66.9 TFLOPS, the datasheet's FP32 figure.
  EXPECT_NEAR(fp32.expected, 66.9, 0.1);
  EXPECT_NEAR(find(rows, "h2d").expected, 63.0, 0.1);  // Gen5 x16 after 128b/130b
  EXPECT_GT(find(rows, "gemm").expected, 900);
}

TEST(LiveSelftestJudge, H2DOnAGen1LinkSaysSo) {
  auto rows = judge_selftest(h100(3.1, 1), kb::Kb::load());
  const auto& h = find(rows, "h2d");
  EXPECT_EQ(h.verdict, "slow");
  EXPECT_NE(h.note.find("the link runs at Gen1 x16"), std::string::npos) << h.note;
  EXPECT_NE(h.note.find("check the slot"), std::string::npos);
}

TEST(LiveSelftestJudge, SlowOnAFullLinkPointsElsewhere) {
  auto rows = judge_selftest(h100(10, 5), kb::Kb::load());
  const auto& h = find(rows, "h2d");
  EXPECT_EQ(h.verdict, "slow");
  EXPECT_NE(h.note.find("NUMA"), std::string::npos);
}

TEST(LiveSelftestJudge, WrongValuesAndMemoryErrorsFail) {
  auto f = h100();
  auto& s = f.live.selftest.devices[0];
  s.values_wrong = 1;
  s.first_wrong = "gd_fma_chain[12345]: got 0x3f800001, want 0x3f800000";
  s.memtest_errors = 3;
  s.memtest_first_bad = 99;
  auto rows = judge_selftest(f, kb::Kb::load());
  EXPECT_EQ(find(rows, "correctness").verdict, "fail");
  EXPECT_NE(find(rows, "correctness").note.find("gd_fma_chain[12345]"), std::string::npos);
  EXPECT_EQ(find(rows, "memtest").verdict, "fail");
}

TEST(LiveSelftestJudge, UnknownGpuFallsBackToAttributesOrJustMeasures) {
  auto f = h100();
  f.pci.gpus.clear();  // no PCI id: no datasheet row
  auto rows = judge_selftest(f, kb::Kb::load());
  const auto& mem = find(rows, "copy_kernel");
  // 2 x 2619 MHz x 5120 bit / 8 = 3352 GB/s
  EXPECT_NEAR(mem.expected, 3352.3, 0.5);
  EXPECT_EQ(find(rows, "gemm").verdict, "measured");
}

TEST(LiveSelftestJudge, NotMeasuredIsSkipped) {
  auto f = h100();
  auto& s = f.live.selftest.devices[0];
  s.gemm_tflops = -1;
  s.gemm_skipped = "no usable libcublasLt";
  auto rows = judge_selftest(f, kb::Kb::load());
  EXPECT_EQ(find(rows, "gemm").verdict, "skipped");
  EXPECT_EQ(find(rows, "gemm").note, "no usable libcublasLt");
}

TEST(LiveSelftestJudge, Fp32LanesPerSm) {
  EXPECT_EQ(fp32_lanes_per_sm(7, 5), 64);
  EXPECT_EQ(fp32_lanes_per_sm(8, 0), 64);
  EXPECT_EQ(fp32_lanes_per_sm(8, 6), 128);
  EXPECT_EQ(fp32_lanes_per_sm(8, 9), 128);
  EXPECT_EQ(fp32_lanes_per_sm(9, 0), 128);
  EXPECT_EQ(fp32_lanes_per_sm(6, 0), 64);
  EXPECT_EQ(fp32_lanes_per_sm(2, 0), 0);
}

TEST(LivePcieLink, RatesAndParsing) {
  EXPECT_NEAR(pcie_gbs(1, 16), 4.0, 1e-9);
  EXPECT_NEAR(pcie_gbs(3, 16), 15.75, 0.01);
  EXPECT_NEAR(pcie_gbs(4, 16), 31.5, 0.01);
  EXPECT_NEAR(pcie_gbs(5, 16), 63.015, 0.01);
  EXPECT_NEAR(pcie_gbs(6, 16), 128.0, 0.01);
  EXPECT_EQ(pcie_gbs(0, 16), 0);
  EXPECT_EQ(pcie_gen_from_speed("16.0 GT/s PCIe"), 4);
  EXPECT_EQ(pcie_gen_from_speed("2.5 GT/s PCIe\n"), 1);
  EXPECT_EQ(pcie_gen_from_speed("8.0 GT/s"), 3);
  EXPECT_EQ(pcie_gen_from_speed("Unknown"), 0);
  EXPECT_EQ(normalize_bdf("00000000:3B:00.0"), "0000:3b:00.0");
  EXPECT_EQ(normalize_bdf("0000:3b:00.0"), "0000:3b:00.0");
  EXPECT_EQ(normalize_bdf("3b:00.0"), "0000:3b:00.0");
}

TEST(LivePcieLink, SysfsLinkState) {
  testkit::TempDir sys;
  std::string dir = sys.path + "/bus/pci/devices/0000:e1:00.0";
  std::filesystem::create_directories(dir);
  auto write = [&](const char* name, const char* v) { std::ofstream(dir + "/" + name) << v; };
  write("current_link_speed", "2.5 GT/s PCIe\n");
  write("current_link_width", "16\n");
  write("max_link_speed", "16.0 GT/s PCIe\n");
  write("max_link_width", "16\n");
  auto s = read_link_state(sys.path, "00000000:E1:00.0");
  EXPECT_EQ(s.gen, 1);
  EXPECT_EQ(s.width, 16);
  EXPECT_EQ(s.max_gen, 4);
  EXPECT_EQ(s.max_width, 16);
  auto none = read_link_state(sys.path, "0000:99:00.0");
  EXPECT_EQ(none.gen, -1);
  EXPECT_EQ(none.max_width, -1);
}
