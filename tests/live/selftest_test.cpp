// The selftest's host side, in process, on the fake libcuda (kernels emulated on the CPU)
// and the fake cuBLASLt: buffers, kernel parameters, timing, bit-exact checks.
#include "live/selftest.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "live_test_util.hpp"

using namespace gpudoctor;
using namespace gpudoctor::live;
using gpudoctor::live::testkit::fake_lib;

namespace {

struct Result {
  facts::CudaFacts cuda;
  facts::SelftestFacts st;
  std::vector<std::string> progress;
  int checkpoints = 0;
};

Result selftest(const std::string& mode, SelftestOptions opt = {}) {
  ::setenv("GD_FAKE_CUDA", mode.c_str(), 1);
  Result r;
  CudaApi api;
  probe_cuda(fake_lib("cuda", "libcuda.so.1"), api, r.cuda, [](std::string_view) {});
  opt.quick = true;
  opt.seconds = 0.5;
  opt.device = 0;
  opt.gemm_size = 64;
  if (opt.cublaslt.empty()) opt.cublaslt = fake_lib("cublaslt", "libcublasLt.so.99");
  SelftestIo io{[](std::string_view) {}, [&](std::string_view p) { r.progress.emplace_back(p); },
                [&](const facts::SelftestFacts&) { ++r.checkpoints; }};
  run_selftest(api, r.cuda, opt, r.st, io);
  ::unsetenv("GD_FAKE_CUDA");
  return r;
}

}  // namespace

TEST(LiveSelftest, EverythingRunsAndChecksOut) {
  auto r = selftest("");
  ASSERT_TRUE(r.st.ran);
  ASSERT_EQ(r.st.devices.size(), 1u);  // --device 0
  const auto& d = r.st.devices[0];
  EXPECT_TRUE(d.errors.empty()) << d.errors[0].call << " " << d.errors[0].code;
  // pattern (4M) + fma chain (256K) + copy check + H2D + D2H + FP32 samples + 256 GEMM samples
  EXPECT_GT(d.values_checked, 4'000'000u);
  EXPECT_EQ(d.values_wrong, 0u) << d.first_wrong;
  EXPECT_EQ(d.memtest_errors, 0u);
  EXPECT_EQ(d.memtest_bytes, 2 * (51ull << 20));  // 10% of the fake's 512 MiB free, two passes
  EXPECT_GT(d.copy_kernel_gbs, 0);
  EXPECT_GT(d.memcpy_dtod_gbs, 0);
  EXPECT_GT(d.h2d_gbs, 0);
  EXPECT_GT(d.d2h_gbs, 0);
  EXPECT_GT(d.fp32_tflops, 0);
  EXPECT_EQ(d.fp32_clock_khz, 1000000);
  EXPECT_GT(d.gemm_tflops, 0);
  EXPECT_NE(d.gemm_library.find("libcublasLt.so.99"), std::string::npos);
  EXPECT_GE(r.progress.size(), 6u);
  EXPECT_GT(r.checkpoints, 0);
}

TEST(LiveSelftest, AWrongFmaResultIsCaughtBitExactly) {
  auto r = selftest("wrongfma");
  const auto& d = r.st.devices.at(0);
  EXPECT_EQ(d.values_wrong, 1u);
  EXPECT_NE(d.first_wrong.find("gd_fma_chain[12345]"), std::string::npos) << d.first_wrong;
}

TEST(LiveSelftest, AFlippedMemoryBitIsFound) {
  auto r = selftest("memflip");
  const auto& d = r.st.devices.at(0);
  EXPECT_EQ(d.memtest_errors, 1u);
  EXPECT_GT(d.memtest_first_bad, 0);
  EXPECT_EQ(d.values_wrong, 0u);
}

TEST(LiveSelftest, NoCublasLtMeansNoGemmButTheRestRuns) {
  SelftestOptions opt;
  opt.cublaslt = "none";
  auto r = selftest("", opt);
  const auto& d = r.st.devices.at(0);
  EXPECT_LT(d.gemm_tflops, 0);
  EXPECT_NE(d.gemm_skipped.find("none"), std::string::npos);
  EXPECT_GT(d.fp32_tflops, 0);
  opt.cublaslt = "/nonexistent/libcublasLt.so.13";
  r = selftest("", opt);
  EXPECT_NE(r.st.devices.at(0).gemm_skipped.find("/nonexistent/libcublasLt.so.13"), std::string::npos);
}

TEST(LiveSelftest, LinkStateIsSampledUnderLoad) {
  testkit::TempDir sys;
  std::string dir = sys.path + "/bus/pci/devices/0000:e1:00.0";  // the fake's device 0
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/current_link_speed") << "2.5 GT/s PCIe\n";
  std::ofstream(dir + "/current_link_width") << "16\n";
  std::ofstream(dir + "/max_link_speed") << "16.0 GT/s PCIe\n";
  std::ofstream(dir + "/max_link_width") << "16\n";
  SelftestOptions opt;
  opt.sysfs_root = sys.path;
  opt.cublaslt = "none";
  auto r = selftest("", opt);
  const auto& d = r.st.devices.at(0);
  EXPECT_EQ(d.link_gen_under_load, 1);
  EXPECT_EQ(d.link_width_under_load, 16);
  EXPECT_EQ(d.link_gen_max, 4);
}

TEST(LiveSelftest, ACudaLibraryWithoutTheSelftestCallsIsReported) {
  CudaApi api;  // nothing bound
  facts::CudaFacts cuda;
  cuda.devices.push_back({});
  cuda.devices[0].ordinal = 0;
  facts::SelftestFacts st;
  run_selftest(api, cuda, {}, st, {});
  ASSERT_EQ(st.devices.size(), 1u);
  EXPECT_FALSE(st.devices[0].errors.empty());
  EXPECT_EQ(st.devices[0].errors[0].name, "symbol not found");
}
