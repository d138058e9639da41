#include "findings/finding.hpp"

#include <gtest/gtest.h>

#include "../rules/facts_fixture.hpp"

using namespace gpudoctor::findings;

static Finding mk(std::string code, Severity s, std::vector<std::string> explains = {}) {
  Finding f;
  f.code = std::move(code);
  f.severity = s;
  f.explains = std::move(explains);
  return f;
}

TEST(Fold, RootCausesComeFirstAndConsequencesAreMarked) {
  std::vector<Finding> v{mk("L301", Severity::error), mk("E505", Severity::warning),
                         mk("H101", Severity::error, {"L301"})};
  fold(v);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].code, "H101");
  EXPECT_EQ(v[1].code, "E505");
  EXPECT_EQ(v[2].code, "L301");
  EXPECT_EQ(v[2].explained_by, "H101");
  EXPECT_FALSE(gpu_usable(v));
}

TEST(Fold, MutualClaimsStayAtTopLevel) {
  std::vector<Finding> v{mk("A1", Severity::error, {"B1"}), mk("B1", Severity::error, {"A1"})};
  fold(v);
  EXPECT_TRUE(v[0].explained_by.empty());
  EXPECT_TRUE(v[1].explained_by.empty());
}

TEST(Fold, WarningsAloneLeaveTheGpuUsable) {
  std::vector<Finding> v{mk("E505", Severity::warning)};
  EXPECT_TRUE(gpu_usable(v));
}

// What the driver says live is folded under the static root that predicts it: on a
// machine without a GPU, "no GPU" explains the missing libcuda, which explains why
// dlopen("libcuda.so.1") failed in the live child.
TEST(FoldLive, LiveConfirmationsNestUnderTheirStaticRoot) {
  auto f = gdtest::no_gpu_box();
  f.libraries.front().candidates.front().found_via = "CUDA_HOME";  // the stub is not on the loader path
  f.live.ran = true;
  f.live.outcome = "no_library";
  f.live.cuda.run.outcome = "ok";  // the child ran; only the dlopen failed
  f.live.cuda.library = {"libcuda.so.1", false, "", "", "libcuda.so.1: cannot open shared object file"};
  auto out = gdtest::run(f);
  auto r903 = gdtest::find(out, "R903");
  auto l301 = gdtest::find(out, "L301");
  ASSERT_NE(r903, nullptr);
  ASSERT_NE(l301, nullptr);
  EXPECT_EQ(r903->explained_by, "L301");
  EXPECT_EQ(l301->explained_by, "H101");
}

TEST(FoldLive, LiveFindingStaysARootWithoutAStaticCause) {
  auto f = gdtest::healthy();
  f.live.ran = true;
  f.live.outcome = "no_library";
  f.live.cuda.run.outcome = "ok";  // the child ran; only the dlopen failed
  f.live.cuda.library = {"libcuda.so.1", false, "", "", "libcuda.so.1: wrong ELF class: ELFCLASS32"};
  auto r903 = gdtest::find(gdtest::run(f), "R903");
  ASSERT_NE(r903, nullptr);
  EXPECT_EQ(r903->explained_by, "");
}

// Among roots of one severity, the machine comes before what one install needs.
TEST(Fold, MachineRootsComeBeforeFrameworkRoots) {
  auto fw = mk("F702", Severity::error);
  fw.area = "frameworks";
  auto hw = mk("H101", Severity::error);
  hw.area = "hardware";
  auto lib = mk("L302", Severity::error);
  lib.area = "libraries";
  std::vector<Finding> v{fw, lib, hw};
  fold(v);
  EXPECT_EQ(v[0].code, "H101");
  EXPECT_EQ(v[1].code, "L302");
  EXPECT_EQ(v[2].code, "F702");
}
