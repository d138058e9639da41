// R914-R916 for per-device context failures.
#include <gtest/gtest.h>

#include "findings/finding.hpp"
#include "live_test_util.hpp"

using namespace gpudoctor;
using gpudoctor::live::testkit::live_ok_facts;
using gpudoctor::live::testkit::run_rule;

TEST(LiveRuleR914, FiresWhenAContextRunsOutOfMemory) {
  auto f = live_ok_facts(2);
  f.live.cuda.devices[1].context_result = 2;
  auto out = run_rule("R914", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message,
            "GPU 1 (NVIDIA H100 80GB HBM3): a CUDA context cannot be created: 2 CUDA_ERROR_OUT_OF_MEMORY");
  EXPECT_EQ(out[0].subject, "0000:11:00.0");
  EXPECT_EQ(out[0].cause, "oom");
  EXPECT_TRUE(run_rule("R916", f).empty());
}

TEST(LiveRuleR914, QuietWhenContextsWork) { EXPECT_TRUE(run_rule("R914", live_ok_facts(2)).empty()); }

TEST(LiveRuleR915, FiresOnDeviceUnavailable) {
  auto f = live_ok_facts(1);
  f.live.cuda.devices[0].context_result = 46;
  f.live.cuda.devices[0].compute_mode = 3;
  auto out = run_rule("R915", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].cause, "gpu_busy_exclusive");
  EXPECT_EQ(run_rule("R915", live::testkit::cuinit_facts(46)).size(), 1u);
}

TEST(LiveRuleR915, QuietWhenContextsWork) { EXPECT_TRUE(run_rule("R915", live_ok_facts(2)).empty()); }

// R931 (the compute-mode view from NVML) is the root; R915 folds under it.
TEST(LiveRuleR915, FoldsUnderExclusiveTaken) {
  auto f = live_ok_facts(1);
  f.live.cuda.devices[0].context_result = 46;
  auto g = live::testkit::nvml_gpu();
  g.compute_mode = 3;
  g.processes.push_back({4242, 1ull << 30, 0xFFFFFFFFu, 0xFFFFFFFFu, "compute", "python train.py"});
  f.live.nvml.gpus.push_back(g);
  auto out = run_rule("R915", f);
  auto root = run_rule("R931", f);
  out.insert(out.end(), root.begin(), root.end());
  findings::fold(out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].code, "R931");
  EXPECT_EQ(out[1].explained_by, "R931");
}

TEST(LiveRuleR916, FiresOnAnyOtherContextFailure) {
  auto f = live_ok_facts(1);
  f.live.cuda.devices[0].context_result = 999;
  auto out = run_rule("R916", f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message,
            "GPU 0 (NVIDIA H100 80GB HBM3): a CUDA context cannot be created: 999 CUDA_ERROR_UNKNOWN");
  f = live_ok_facts(1);
  f.live.cuda.device_count_result = 3;
  EXPECT_EQ(run_rule("R916", f).size(), 1u);
}

TEST(LiveRuleR916, QuietWhenAllIsWell) { EXPECT_TRUE(run_rule("R916", live_ok_facts(2)).empty()); }
