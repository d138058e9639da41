// The people's report: consequences nest under their root, compact unless --verbose;
// an absent component with no finding is neutral, not a pass.
#include "render/report.hpp"

#include <gtest/gtest.h>

#include "../rules/facts_fixture.hpp"

namespace gpudoctor::render {
namespace {

Report no_gpu_report() {
  auto f = gdtest::no_gpu_box();
  f.libraries.front().candidates.front().found_via = "CUDA_HOME";
  f.live.ran = true;
  f.live.outcome = "no_library";
  f.live.cuda.run.outcome = "ok";
  f.live.cuda.library = {"libcuda.so.1", false, "", "", "libcuda.so.1: cannot open shared object file"};
  Report r;
  r.facts = f;
  r.findings = gdtest::run(f);
  r.kb_date = "2026-11-27";
  return r;
}

TEST(TextRender, ConsequencesNestUnderTheirRootInOneLineEach) {
  auto text = render_text(no_gpu_report(), {});
  auto h101 = text.find("error [H101]");
  auto l301 = text.find("    error [L301] no libcuda.so.1 on the loader path\n");
  auto r903 = text.find("  └ error [R903]");
  ASSERT_NE(h101, std::string::npos) << text;
  ASSERT_NE(l301, std::string::npos) << text;
  ASSERT_NE(r903, std::string::npos) << text;
  EXPECT_LT(h101, l301);
  EXPECT_LT(l301, r903);
  // The consequence's own fix is left out; the root's is there.
  EXPECT_EQ(text.find("install the NVIDIA driver's user-space libraries"), std::string::npos) << text;
  EXPECT_NE(text.find("1 error, 0 warnings (and 2 consequences folded under them)"), std::string::npos) << text;
}

TEST(TextRender, VerboseShowsEachConsequenceInFull) {
  auto text = render_text(no_gpu_report(), {false, true, true});
  EXPECT_NE(text.find("install the NVIDIA driver's user-space libraries"), std::string::npos) << text;
}

TEST(TextRender, AbsentDriverWithoutFindingIsNeutralAndLiveAreaIsNamed) {
  auto text = render_text(no_gpu_report(), {});
  EXPECT_NE(text.find("· Kernel driver: no nvidia kernel module"), std::string::npos) << text;
  EXPECT_NE(text.find("Driver, asked live: dlopen(\"libcuda.so.1\") failed"), std::string::npos) << text;
  auto healthy = gdtest::healthy();
  Report r;
  r.facts = healthy;
  r.findings = gdtest::run(healthy);
  auto ok = render_text(r, {false, false, false});
  EXPECT_NE(ok.find("[ok] Kernel driver: nvidia"), std::string::npos) << ok;
}

}  // namespace
}  // namespace gpudoctor::render
