// The embedded PTX: the same text as kernels/selftest.ptx, valid for the ISA it claims,
// and what kernels/generate.sh makes from kernels/selftest.cu.
#include "live/selftest_ptx.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "live_test_util.hpp"

using namespace gpudoctor::live;

namespace {

std::string read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

testkit::Run run(const std::vector<std::string>& argv) {
  ChildSpec spec;
  spec.argv = argv;
  spec.timeout_s = 120;
  spec.stderr_tail_bytes = 1 << 16;
  testkit::Run r;
  r.raw = run_child(spec, {});
  r.exit_code = r.raw.status == ChildResult::Status::exited ? r.raw.exit_code : -1;
  return r;
}

}  // namespace

TEST(LiveSelftestPtx, EmbeddedCopyIsTheCheckedInFile) {
  EXPECT_EQ(std::string(kSelftestPtx), read(std::string(GD_KERNELS_DIR) + "/selftest.ptx"));
}

TEST(LiveSelftestPtx, OldIsaEveryKernel) {
  std::string ptx(kSelftestPtx);
  // ISA 7.0 = CUDA 11.0 drivers; a newer stamp would make older drivers refuse it (222).
  EXPECT_NE(ptx.find("\n.version 7.0\n"), std::string::npos);
  EXPECT_NE(ptx.find("\n.target sm_75\n"), std::string::npos);
  for (const char* k : {"gd_pattern_write", "gd_pattern_check", "gd_fma_chain", "gd_copy", "gd_fma_peak"})
    EXPECT_NE(ptx.find(std::string(".entry ") + k + "("), std::string::npos) << k;
  // The arithmetic the host replays must be correctly rounded instructions.
  EXPECT_NE(ptx.find("fma.rn.f32"), std::string::npos);
}

#ifdef GD_PTXAS
TEST(LiveSelftestPtx, PtxasAssemblesItForTuringAndHopper) {
  testkit::TempDir tmp;
  std::string src = tmp.path + "/selftest.ptx";
  std::ofstream(src) << kSelftestPtx;
  for (const char* arch : {"sm_75", "sm_90"}) {
    auto r = run({GD_PTXAS, std::string("-arch=") + arch, src, "-o", tmp.path + "/out.cubin"});
    EXPECT_EQ(r.exit_code, 0) << arch << ": " << r.raw.stderr_tail;
  }
}
#endif

#ifdef GD_NVCC
// Regenerates with kernels/generate.sh. nvcc stamps its version into the PTX and other
// releases schedule registers differently, so the comparison needs the release the
// checked-in copy was made with.
TEST(LiveSelftestPtx, GenerateShReproducesTheCheckedInCopy) {
  std::string checked_in = read(std::string(GD_KERNELS_DIR) + "/selftest.ptx");
  auto version = run({GD_NVCC, "--version"});
  auto release_line = checked_in.substr(0, checked_in.find("Based on"));
  std::string nvcc_release = version.raw.stderr_tail.substr(version.raw.stderr_tail.find("release"));
  nvcc_release = nvcc_release.substr(0, nvcc_release.find('\n'));
  if (release_line.find(nvcc_release) == std::string::npos)
    GTEST_SKIP() << "nvcc is " << nvcc_release << ", the PTX was made by another release";
  testkit::TempDir tmp;
  ChildSpec spec;
  spec.argv = {"/bin/sh", std::string(GD_KERNELS_DIR) + "/generate.sh", tmp.path};
  spec.env_set = {{"NVCC", GD_NVCC}};
  spec.timeout_s = 300;
  auto r = run_child(spec, {});
  ASSERT_EQ(r.status, ChildResult::Status::exited);
  ASSERT_EQ(r.exit_code, 0) << r.stderr_tail;
  EXPECT_EQ(read(tmp.path + "/selftest.ptx"), checked_in);
  EXPECT_EQ(read(tmp.path + "/selftest_ptx.inc"), read(std::string(GD_SOURCE_DIR) + "/src/live/selftest_ptx.inc"));
}
#endif
