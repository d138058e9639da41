// R901-R903, R924: how the driver children ended and whether the libraries loaded.
#include <gtest/gtest.h>
#include <signal.h>

#include "live_test_util.hpp"

using namespace gpudoctor;
using gpudoctor::live::testkit::live_ok_facts;
using gpudoctor::live::testkit::run_rule;

TEST(LiveRuleR901, FiresWhenCuInitHung) {
  auto f = live_ok_facts();
  f.live.cuda.run.outcome = "timeout";
  f.live.cuda.run.stage = "cuInit";
  f.live.cuda.run.timeout_s = 20;
  f.live.cuda.run.unkillable = true;
  auto out = run_rule("R901", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message, "the libcuda child did not finish within 20 s: it hung in cuInit");
  EXPECT_EQ(out[0].cause, "driver_suspend_resume");
  bool d_state = false;
  for (const auto& e : out[0].evidence) d_state |= e.value.find("D state") != std::string::npos;
  EXPECT_TRUE(d_state);
}

TEST(LiveRuleR901, QuietWhenBothChildrenFinished) {
  EXPECT_TRUE(run_rule("R901", live_ok_facts()).empty());
  facts::Facts never_ran;
  never_ran.live.cuda.run.outcome = "timeout";  // facts from an older file: live.ran false
  EXPECT_TRUE(run_rule("R901", never_ran).empty());
}

TEST(LiveRuleR902, FiresOnASegfaultInNvml) {
  auto f = live_ok_facts();
  f.live.nvml.run.outcome = "crashed";
  f.live.nvml.run.signal = SIGSEGV;
  f.live.nvml.run.stage = "nvmlInit";
  auto out = run_rule("R902", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message, "the NVML child was killed by signal 11 (SIGSEGV, segmentation fault) in nvmlInit");
  EXPECT_EQ(out[0].subject, "NVML");
}

TEST(LiveRuleR902, QuietWhenNothingCrashed) { EXPECT_TRUE(run_rule("R902", live_ok_facts()).empty()); }

TEST(LiveRuleR903, FiresWhenLibcudaCannotBeLoaded) {
  auto f = live_ok_facts();
  f.live.cuda.library = {"libcuda.so.1", false, "", "",
                         "libcuda.so.1: cannot open shared object file: No such file or directory"};
  auto out = run_rule("R903", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].message.find("cannot open shared object file"), std::string::npos);
  EXPECT_EQ(out[0].cause, "libcuda_missing");
}

TEST(LiveRuleR903, QuietWhenLoadedOrWhenTheChildHung) {
  EXPECT_TRUE(run_rule("R903", live_ok_facts()).empty());
  auto f = live_ok_facts();
  f.live.cuda.library.loaded = false;
  f.live.cuda.run.outcome = "timeout";  // R901's case, not a missing library
  EXPECT_TRUE(run_rule("R903", f).empty());
}

TEST(LiveRuleR924, FiresAsInfoWhenNvmlIsMissing) {
  auto f = live_ok_facts();
  f.live.nvml.library = {"libnvidia-ml.so.1", false, "", "", "libnvidia-ml.so.1: cannot open shared object file"};
  auto out = run_rule("R924", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].severity, findings::Severity::info);
}

TEST(LiveRuleR924, QuietWhenNvmlLoaded) { EXPECT_TRUE(run_rule("R924", live_ok_facts()).empty()); }
